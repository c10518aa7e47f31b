package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes everything this region owns for a resource, in rounds: the records go and their checks
 * are listed as retired (one batch), the retired checks are deleted, then the ownership record
 * goes. Records at our names that someone else owns are left alone: nothing there is ours.
 */
final class CleanupFlow {

  /**
   * @param foreign our names are held by someone else: nothing to remove
   * @param converged nothing of ours is left in the zone
   * @param stuck retired checks Route53 would not delete yet
   */
  record Outcome(
      boolean foreign,
      boolean converged,
      int changes,
      List<SyncFlow.Round> rounds,
      List<String> stuck) {}

  private CleanupFlow() {}

  static Outcome run(Target t, DnsEffects fx) {
    List<SyncFlow.Round> rounds = new ArrayList<>();
    int changes = 0;
    List<String> stuck = List.of();
    DesiredRecords.Desired nothing =
        new DesiredRecords.Desired(List.of(), false, "cleanup", List.of());
    for (int round = 0; round < SyncFlow.MAX_ROUNDS; round++) {
      List<Rrset> zone = fx.records();
      Ownership own = Ownership.observe(t, zone);
      // records taken over from a hand-built tree are ours too (adopt off: none is looked for)
      Adoption.Found adopted = Adoption.recognise(t, zone, own.registry(), false);
      own = Adoption.takeOver(t, own, adopted);
      if (!own.conflicts().isEmpty()) {
        return new Outcome(true, true, changes, rounds, List.of());
      }
      if (own.registry() == null) {
        return new Outcome(false, true, changes, rounds, stuck);
      }
      HealthCheckPlan checkPlan =
          new HealthCheckPlan(List.of(), List.of(), own.registry().retired());
      HealthCheckPlan.Outcome checked =
          fx.applyChecks(t, checkPlan, nothing, own.registry().serial());
      stuck = checked.stuck();
      RecordPlan recordPlan =
          RecordPlan.of(t, own, own.registry(), checked, false, AdoptionStep.forCleanup(adopted));
      rounds.add(new SyncFlow.Round(checkPlan, recordPlan.plan()));
      if (recordPlan.plan().isEmpty()) {
        return new Outcome(false, true, changes, rounds, stuck);
      }
      fx.applyRecords(t, recordPlan.plan().changes());
      changes += recordPlan.plan().changes().size();
    }
    return new Outcome(false, false, changes, rounds, stuck);
  }
}
