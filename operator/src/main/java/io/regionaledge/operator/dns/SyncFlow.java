package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.InstanceStatus;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync of one resource in one region, in rounds of observe -> desired -> health-check plan
 * -> apply checks -> record plan -> apply records, until a round plans nothing. A round after a
 * write sees its effect: checks the last batch unbound are deleted, then dropped from the
 * ownership record. Everything but the two apply steps is pure.
 */
final class SyncFlow {
  private static final Logger LOG = LoggerFactory.getLogger(SyncFlow.class);
  static final int MAX_ROUNDS = 3;

  /** What one round planned. */
  record Round(HealthCheckPlan checks, DnsPlan records) {}

  /**
   * @param conflicts records at our names someone else owns (the sync stopped, nothing written)
   * @param desired   the last round's desired state, every published slot with its check
   * @param tree      every record this region should hold after the last round
   * @param written   the last batch written, or null
   * @param stuck     retired checks Route53 would not delete yet
   * @param overQuota instances left out at the account's health-check quota
   */
  record Outcome(List<Rrset> conflicts, DesiredRecords.Desired desired, List<Rrset> tree, List<Round> rounds,
                 int changes, Route53Api.ChangeStatus written, List<String> stuck, List<String> overQuota,
                 boolean converged) {}

  private SyncFlow() {}

  /** @param tree the exposure's record tree (per instance, or an alias to the load balancer) */
  static Outcome run(Target t, RecordTree tree, List<InstanceStatus> instances, PublicAddresses addresses,
                     DnsEffects fx) {
    List<Round> rounds = new ArrayList<>();
    Route53Api.ChangeStatus written = null;
    int changes = 0;
    HealthCheckPlan.Outcome checked = null;
    RecordPlan recordPlan = null;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<Rrset> zone = fx.records();
      Ownership own = Ownership.observe(t, zone);
      if (!own.conflicts().isEmpty()) {
        return new Outcome(own.conflicts(), null, List.of(), rounds, changes, written, List.of(), List.of(), false);
      }
      Registry reg = own.registry() != null ? own.registry() : Registry.empty(t.resource(), t.uid(), t.region());
      DesiredRecords.Desired desired = desired(t, tree, instances, own, zone, addresses, fx);
      HealthCheckPlan checkPlan = HealthCheckPlan.of(reg, desired);
      checked = fx.applyChecks(t, checkPlan, desired, reg.serial());
      recordPlan = RecordPlan.of(t, own, reg, checked, true);
      rounds.add(new Round(checkPlan, recordPlan.plan()));
      if (recordPlan.plan().isEmpty()) {
        return new Outcome(List.of(), checked.desired(), recordPlan.records(), rounds, changes, written,
            checked.stuck(), checked.overQuota(), true);
      }
      // the zone as the withdrawal decision saw it (desired() may have looked at the name afresh)
      List<Change> batch = WithdrawalGuard.guard(t, fx.records(), recordPlan.plan().changes());
      try {
        written = fx.applyRecords(t, batch);
      } catch (RuntimeException e) {
        if (batch.size() != recordPlan.plan().changes().size() && Failure.isCode(e, "InvalidChangeBatch")) {
          // the other region's latency record went meanwhile: ours stays, the next round looks again
          LOG.info("Route53 {} {}: latency record kept, the other region's changed while withdrawing ({})",
              t.resource(), t.region(), e.getMessage());
          continue;
        }
        throw e;
      }
      changes += batch.size();
    }
    return new Outcome(List.of(), checked.desired(), recordPlan.records(), rounds, changes, written, checked.stuck(),
        checked.overQuota(), false);
  }

  /**
   * Our latency record may be withdrawn (nothing ready, or drained) only while another region's
   * answers for the name. The snapshot holds other regions' records as they were up to a resync
   * period ago, so while that decision matters and our record exists, it is made on a fresh look at
   * the name (one short listing; never for a region with a ready instance).
   */
  private static DesiredRecords.Desired desired(Target t, RecordTree tree, List<InstanceStatus> instances,
                                                Ownership own, List<Rrset> zone, PublicAddresses addresses,
                                                DnsEffects fx) {
    DesiredRecords.Desired d = tree.desired(t, instances, own.registry(), own.foreignSlots(), addresses,
        othersServe(t, zone));
    boolean decides = t.drain() || !d.anyReady();
    if (decides && own.owned().containsKey(new Rrset.Key(t.latencyName(), "A", t.region()))) {
      d = tree.desired(t, instances, own.registry(), own.foreignSlots(), addresses,
          othersServe(t, fx.freshAt(t.latencyName())));
    }
    return d;
  }

  private static boolean othersServe(Target t, List<Rrset> records) {
    return records.stream().anyMatch(r -> r.name().equals(t.latencyName()) && r.type().equals("A")
        && r.region() != null && !r.region().equals(t.region()));
  }
}
