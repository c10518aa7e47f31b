package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.InstanceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync of one resource in one region, in rounds of observe -> desired -> health-check plan ->
 * apply checks -> record plan -> apply records, until a round plans nothing. A round after a write
 * sees its effect: checks the last batch unbound are deleted, then dropped from the ownership
 * record. Everything but the two apply steps is pure.
 */
final class SyncFlow {
  private static final Logger LOG = LoggerFactory.getLogger(SyncFlow.class);
  static final int MAX_ROUNDS = 3;

  /** What one round planned. */
  record Round(HealthCheckPlan checks, DnsPlan records) {}

  /**
   * @param conflicts records at our names someone else owns (the sync stopped, nothing written)
   * @param desired the last round's desired state, every published slot with its check
   * @param tree every record this region should hold after the last round
   * @param written the last batch written, or null
   * @param stuck retired checks Route53 would not delete yet
   * @param overQuota instances left out at the account's health-check quota
   */
  record Outcome(
      List<Rrset> conflicts,
      DesiredRecords.Desired desired,
      List<Rrset> tree,
      List<Round> rounds,
      int changes,
      Route53Api.ChangeStatus written,
      List<String> stuck,
      List<String> overQuota,
      boolean converged,
      AdoptionStep.Status adoption) {

    /** The sync stopped before writing anything more this round (a conflict, a refusal, a wait). */
    static Outcome stopped(
        List<Rrset> conflicts,
        DesiredRecords.Desired desired,
        List<Round> rounds,
        int changes,
        Route53Api.ChangeStatus written,
        AdoptionStep.Status adoption) {
      return new Outcome(
          conflicts, desired, List.of(), rounds, changes, written, List.of(), List.of(), false,
          adoption);
    }

    /** The last round's state: converged when it planned nothing more. */
    static Outcome after(
        HealthCheckPlan.Outcome checked,
        RecordPlan plan,
        List<Round> rounds,
        int changes,
        Route53Api.ChangeStatus written,
        boolean converged,
        AdoptionStep.Status adoption) {
      return new Outcome(
          List.of(),
          checked.desired(),
          plan.records(),
          rounds,
          changes,
          written,
          checked.stuck(),
          checked.overQuota(),
          converged,
          adoption);
    }
  }

  private SyncFlow() {}

  /**
   * Without {@code spec.dns.adopt} (records an ownership record lists as adopted are still
   * finished).
   */
  static Outcome run(
      Target t,
      RecordTree tree,
      List<InstanceStatus> instances,
      PublicAddresses addresses,
      DnsEffects fx) {
    return run(
        t,
        tree,
        instances,
        addresses,
        fx,
        AdoptionStep.none(
            new AdoptionWaits(java.time.Clock.systemUTC(), 1), t.resource() + "|" + t.region()));
  }

  /**
   * @param tree the exposure's record tree (per instance, or an alias to the load balancer)
   * @param adoption the take-over of a hand-built tree, when asked for
   */
  static Outcome run(
      Target t,
      RecordTree tree,
      List<InstanceStatus> instances,
      PublicAddresses addresses,
      DnsEffects fx,
      AdoptionStep adoption) {
    List<Round> rounds = new ArrayList<>();
    Route53Api.ChangeStatus written = null;
    int changes = 0;
    HealthCheckPlan.Outcome checked = null;
    RecordPlan recordPlan = null;
    AdoptionStep.Shape shape = AdoptionStep.Shape.NONE;
    boolean relisted = false;
    rounds:
    for (int round = 0; round < MAX_ROUNDS + (relisted ? 1 : 0); round++) {
      List<Rrset> zone = fx.records();
      Ownership own = Ownership.observe(t, zone);
      Adoption.Found found = adoption.recognise(t, zone, own.registry());
      if (!found.refusals().isEmpty()) {
        return Outcome.stopped(
            List.of(),
            null,
            rounds,
            changes,
            written,
            new AdoptionStep.Status(found.refusals(), false, Set.of(), null));
      }
      own = Adoption.takeOver(t, own, found);
      if (!own.conflicts().isEmpty()) {
        return Outcome.stopped(
            own.conflicts(), null, rounds, changes, written, AdoptionStep.Status.NONE);
      }
      Registry reg =
          own.registry() != null
              ? own.registry()
              : Registry.empty(t.resource(), t.uid(), t.region());
      DesiredRecords.Desired desired = desired(t, tree, instances, own, zone, addresses, fx);
      if (AdoptionStep.mustWait(t, found, desired)) {
        return Outcome.stopped(
            List.of(),
            desired,
            rounds,
            changes,
            written,
            new AdoptionStep.Status(List.of(), true, Set.of(), null));
      }
      if (!relisted && own.registry() == null && adoption.adopts()) {
        // the first write claims the names: decide it on a fresh listing, not on a snapshot that
        // may predate the hand-built records (it is kept current only by our own writes)
        relisted = true;
        fx.relist();
        continue;
      }
      desired = AdoptionStep.reuse(found, desired, fx);
      HealthCheckPlan checkPlan = HealthCheckPlan.of(reg, desired);
      checked = fx.applyChecks(t, checkPlan, desired, reg.serial());
      shape = adoption.shape(t, zone, own, found, checked.desired());
      recordPlan = RecordPlan.of(t, own, reg, checked, true, shape);
      List<List<Change>> batches =
          AdoptionStep.batches(t, recordPlan.plan(), zone, found, shape.deferred());
      rounds.add(
          new Round(checkPlan, new DnsPlan(batches.stream().flatMap(List::stream).toList())));
      if (batches.isEmpty()) {
        return Outcome.after(checked, recordPlan, rounds, changes, written, true, status(shape));
      }
      for (List<Change> planned : batches) {
        // the zone as the withdrawal decision saw it (desired() may have looked at the name afresh)
        List<Change> batch = WithdrawalGuard.guard(t, fx.records(), planned);
        try {
          written = fx.applyRecords(t, batch);
        } catch (RuntimeException e) {
          if (batch.size() != planned.size() && Failure.isCode(e, "InvalidChangeBatch")) {
            // the other region's latency record went meanwhile: ours stays, the next round looks
            // again
            LOG.info(
                "Route53 {} {}: latency record kept, the other region's changed while withdrawing ({})",
                t.resource(),
                t.region(),
                e.getMessage());
            continue rounds;
          }
          throw e;
        }
        changes += batch.size();
      }
    }
    return Outcome.after(checked, recordPlan, rounds, changes, written, false, status(shape));
  }

  private static AdoptionStep.Status status(AdoptionStep.Shape shape) {
    return shape.deferred().isEmpty()
        ? AdoptionStep.Status.NONE
        : new AdoptionStep.Status(List.of(), false, shape.deferred(), shape.retryAfter());
  }

  /**
   * Our latency record may be withdrawn (nothing ready, or drained) only while another region's
   * answers for the name. The snapshot holds other regions' records as they were up to a resync
   * period ago, so while that decision matters and our record exists, it is made on a fresh look at
   * the name (one short listing; never for a region with a ready instance).
   */
  private static DesiredRecords.Desired desired(
      Target t,
      RecordTree tree,
      List<InstanceStatus> instances,
      Ownership own,
      List<Rrset> zone,
      PublicAddresses addresses,
      DnsEffects fx) {
    DesiredRecords.Desired d =
        tree.desired(
            t, instances, own.registry(), own.foreignSlots(), addresses, othersServe(t, zone));
    boolean decides = t.drain() || !d.anyReady();
    if (decides
        && (own.owned().containsKey(new Rrset.Key(t.latencyName(), "A", t.region()))
            || own.owned().containsKey(new Rrset.Key(t.latencyName(), "CNAME", t.region())))) {
      d =
          tree.desired(
              t,
              instances,
              own.registry(),
              own.foreignSlots(),
              addresses,
              othersServe(t, fx.freshAt(t.latencyName())));
    }
    return d;
  }

  private static boolean othersServe(Target t, List<Rrset> records) {
    // A, or CNAME where the latency set at the name is CNAME-typed (an adopted hand-built tree)
    return records.stream()
        .anyMatch(
            r ->
                r.name().equals(t.latencyName())
                    && Set.of("A", "CNAME").contains(r.type())
                    && r.region() != null
                    && !r.region().equals(t.region()));
  }
}
