package io.regionaledge.operator.dns;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The take-over of a hand-built tree ({@code spec.dns.adopt}) as steps of a sync round, so the
 * flows stay as they are without it: what is found and refused ({@link Adoption}), when to wait for
 * a ready instance, which hand-built checks are reused, how the round's records are shaped and
 * which old records stay for now ({@link AdoptionBatches}, {@link AdoptionWaits}), and the order of
 * the batches. Pure except for the waits' clock; reads go through {@link DnsEffects}.
 */
final class AdoptionStep {

  /**
   * How a take-over shapes one round's record plan.
   *
   * @param cname the latency record and weighted members are CNAMEs (another region's is one)
   * @param retired hand-built checks no record refers to once this round lands
   * @param adopted records taken over that stay for now: listed in the ownership record
   * @param deferred old records whose deletion waits for resolvers' caches to expire
   * @param retryAfter how soon the first deferred record may go (null: none deferred)
   */
  record Shape(
      boolean cname,
      List<String> retired,
      List<Rrset.Key> adopted,
      Set<Rrset.Key> deferred,
      Duration retryAfter) {
    static final Shape NONE = new Shape(false, List.of(), List.of(), Set.of(), null);
  }

  /**
   * What the take-over made of a sync, for its report.
   *
   * @param refusals why the hand-built tree cannot be taken over (the sync stopped, nothing
   *     written)
   * @param waiting the sync waits for a ready instance before taking over (nothing written)
   * @param deferred old records kept until resolvers' caches of what pointed at them expired
   * @param retryAfter how soon the first deferred record may go
   */
  record Status(
      List<String> refusals, boolean waiting, Set<Rrset.Key> deferred, Duration retryAfter) {
    static final Status NONE = new Status(List.of(), false, Set.of(), null);
  }

  private final boolean adopt;
  private final AdoptionWaits waits;
  private final String key;

  /**
   * @param adopt {@code spec.dns.adopt}: look for a hand-built tree (records already taken over are
   *     finished either way)
   * @param key the resource and region, for the waits' memory
   */
  AdoptionStep(boolean adopt, AdoptionWaits waits, String key) {
    this.adopt = adopt;
    this.waits = waits;
    this.key = key;
  }

  /** No adoption asked for: only records an ownership record lists as adopted are finished. */
  static AdoptionStep none(AdoptionWaits waits, String key) {
    return new AdoptionStep(false, waits, key);
  }

  boolean adopts() {
    return adopt;
  }

  Adoption.Found recognise(Target t, List<Rrset> zone, Registry registry) {
    return Adoption.recognise(t, zone, registry, adopt);
  }

  /**
   * Taking over now would withdraw a hand-built tree that serves (or put unready instances in its
   * place, failing open): the sync waits until one of ours is ready instead.
   */
  static boolean mustWait(Target t, Adoption.Found found, DesiredRecords.Desired desired) {
    return !found.isEmpty()
        && (!desired.latency() || desired.fallback())
        && found.records().stream().anyMatch(r -> r.name().equals(t.latencyName()));
  }

  /** New slots take the hand-built checks that already describe them (one GetHealthCheck each). */
  static DesiredRecords.Desired reuse(
      Adoption.Found found, DesiredRecords.Desired desired, DnsEffects fx) {
    if (found.isEmpty() || desired.slots().stream().allMatch(s -> s.checkId() != null)) {
      return desired;
    }
    return Adoption.reuse(
        desired, found.checkIds().stream().map(fx::healthCheck).filter(Objects::nonNull).toList());
  }

  /**
   * The shape of this round's records and which old records stay: those at names nothing points to
   * any more stay until caches have expired ({@link AdoptionWaits}); hand-built checks that nothing
   * refers to after this round are retired.
   */
  Shape shape(
      Target t,
      List<Rrset> zone,
      Ownership own,
      Adoption.Found found,
      DesiredRecords.Desired desired) {
    // also once the take-over is done: the latency set stays CNAME-typed while another region's is
    boolean cname = AdoptionBatches.cnameAtTop(t, zone, found.keys());
    if (found.isEmpty()) {
      return cname ? new Shape(true, List.of(), List.of(), Set.of(), null) : Shape.NONE;
    }
    List<Rrset> shaped = AdoptionBatches.shape(t, DesiredRecords.records(t, desired), cname);
    AdoptionWaits.Deferral deferral =
        waits.deferred(
            key, AdoptionBatches.abandoned(found, shaped), zone, waits.waitFor(maxTtl(t, found)));
    Set<Rrset.Key> waiting = deferral.keys();
    Set<String> bound =
        desired.slots().stream().map(DesiredRecords.Slot::checkId).collect(Collectors.toSet());
    return new Shape(
        cname,
        unboundChecks(found, shaped, own, waiting, bound),
        found.keys().stream().filter(waiting::contains).toList(),
        Set.copyOf(waiting),
        deferral.retryAfter());
  }

  /** Cleanup takes down what was taken over with the rest, and deletes its checks. */
  static Shape forCleanup(Adoption.Found found) {
    return found.isEmpty()
        ? Shape.NONE
        : new Shape(false, List.copyOf(found.checkIds()), List.of(), Set.of(), null);
  }

  /** The plan's batches in the take-over's order, the deferred deletions left out. */
  static List<List<Change>> batches(
      Target t, DnsPlan plan, List<Rrset> zone, Adoption.Found found, Set<Rrset.Key> deferred) {
    if (found.isEmpty()) {
      return plan.isEmpty() ? List.of() : List.of(plan.changes());
    }
    return AdoptionBatches.order(plan, zone, deferred, t);
  }

  private static long maxTtl(Target t, Adoption.Found found) {
    return Math.max(
        t.ttl(),
        found.records().stream()
            .filter(r -> r.ttl() != null)
            .mapToLong(Rrset::ttl)
            .max()
            .orElse(0));
  }

  /**
   * Checks of the hand-built tree that no record refers to once this round's changes land (the new
   * records, and the old ones kept for now): retired, so deleted by the next round.
   */
  private static List<String> unboundChecks(
      Adoption.Found found,
      List<Rrset> desired,
      Ownership own,
      Set<Rrset.Key> waiting,
      Set<String> bound) {
    Set<Rrset.Key> wanted = desired.stream().map(Rrset::key).collect(Collectors.toSet());
    Set<String> stillUsed = new HashSet<>(bound);
    desired.forEach(
        r -> {
          if (r.healthCheckId() != null) stillUsed.add(r.healthCheckId());
        });
    for (Rrset r : own.owned().values()) {
      if (!wanted.contains(r.key()) && waiting.contains(r.key()) && r.healthCheckId() != null) {
        stillUsed.add(r.healthCheckId());
      }
    }
    return found.checkIds().stream().filter(id -> !stillUsed.contains(id)).toList();
  }
}
