package io.regionaledge.operator.dns;

import java.util.List;

/**
 * Where a flow reads the zone and where its side effects go: Route53 itself ({@link LiveEffects}),
 * or a plan that only counts them on its own copy of the zone ({@link PlannedEffects}). The flows
 * (sync, cleanup) are the same code either way, so a plan makes the calls a sync would, no more.
 */
interface DnsEffects {

  /** The zone's records as this operator sees them now. */
  List<Rrset> records();

  /** A fresh reading of one name (before a decision the snapshot may be too old for). */
  List<Rrset> freshAt(String name);

  /**
   * Drops the snapshot: the next {@link #records()} lists the zone afresh (before the first write
   * that claims names, which must not be decided on a snapshot older than someone's hand-built
   * records).
   */
  void relist();

  /**
   * GetHealthCheck, a read (adoption's checks are not ours yet): the settings, or null when there
   * is none.
   */
  Route53Api.ObservedCheck healthCheck(String id);

  HealthCheckPlan.Outcome applyChecks(
      Target t, HealthCheckPlan plan, DesiredRecords.Desired desired, long serial);

  /** One resource's changes, atomically where they fit one batch. */
  Route53Api.ChangeStatus applyRecords(Target t, List<Change> changes);
}
