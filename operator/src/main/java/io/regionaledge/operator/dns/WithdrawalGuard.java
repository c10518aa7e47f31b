package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the withdrawal of our latency record conditional on the other region's record it relied on.
 * Two regions turning unready at the same instant each look at the name, each see the other's
 * latency record, and both withdraw: the name is left empty, which resolvers cache for the SOA's
 * negative TTL (15 min). So the batch that deletes ours also deletes and re-creates, unchanged, one
 * other region's latency record exactly as it was just listed. Route53 applies a batch atomically
 * and validates it change by change (a DELETE must match the current record exactly), so if that
 * record went or changed meanwhile the whole batch is refused with InvalidChangeBatch and ours
 * stays; the next round looks again. Of regions withdrawing at once, the last batch to land always
 * finds its guard gone, so one latency record always remains.
 */
final class WithdrawalGuard {
  private WithdrawalGuard() {}

  /**
   * The batch, plus the guard when it deletes our latency record and another region's is in {@code
   * zone}.
   */
  static List<Change> guard(Target t, List<Rrset> zone, List<Change> batch) {
    // A, or CNAME in an adopted tree whose latency set is CNAME-typed
    Set<Rrset.Key> ours =
        Set.of(
            new Rrset.Key(t.latencyName(), "A", t.region()),
            new Rrset.Key(t.latencyName(), "CNAME", t.region()));
    boolean withdraws =
        batch.stream()
            .anyMatch(c -> c.action() == Change.Action.DELETE && ours.contains(c.record().key()));
    if (!withdraws) {
      return batch;
    }
    Optional<Rrset> other =
        zone.stream()
            .filter(
                r ->
                    r.name().equals(t.latencyName())
                        && Set.of("A", "CNAME").contains(r.type())
                        && r.region() != null
                        && !r.region().equals(t.region()))
            .findFirst();
    if (other.isEmpty()) {
      return batch;
    }
    List<Change> guarded = new ArrayList<>(batch);
    guarded.add(Change.delete(other.get()));
    guarded.add(Change.create(other.get()));
    return guarded;
  }
}
