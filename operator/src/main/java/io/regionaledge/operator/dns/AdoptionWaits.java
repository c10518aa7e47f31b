package io.regionaledge.operator.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When an old name of an adopted tree may go: once nothing in the zone has pointed at it for {@code
 * wait}, so a resolver that cached the old answer pointing at it (for up to its TTL, after Route53
 * has propagated the switch: "generally within 60 seconds", botocore GetChange) never asks for a
 * name that no longer exists. Chains go level by level: a member's target starts its clock only
 * once the member is gone. Kept in memory: after a restart the clock starts again, which only ever
 * waits longer.
 */
final class AdoptionWaits {
  /** Route53's propagation allowance added to the TTL. */
  static final Duration PROPAGATION = Duration.ofSeconds(60);

  record Deferral(Set<Rrset.Key> keys, Duration retryAfter) {}

  private final Clock clock;
  private final double timeScale;
  private final Map<String, Map<Rrset.Key, Instant>> unreferencedSince = new ConcurrentHashMap<>();

  /**
   * @param timeScale real seconds waited per second of TTL (1 in production; tests speed it up)
   */
  AdoptionWaits(Clock clock, double timeScale) {
    this.clock = clock;
    this.timeScale = timeScale;
  }

  /** Wait after the last referrer is gone: the longest TTL of the tree plus propagation, scaled. */
  Duration waitFor(long maxTtlSeconds) {
    long millis = (long) ((maxTtlSeconds * 1000 + PROPAGATION.toMillis()) * timeScale);
    return Duration.ofMillis(Math.max(1, millis));
  }

  /** The abandoned records that must stay for now, and how soon the first may go. */
  Deferral deferred(
      String key, Collection<Rrset> abandoned, Collection<Rrset> zone, Duration wait) {
    Map<Rrset.Key, Instant> since =
        unreferencedSince.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    since.keySet().retainAll(abandoned.stream().map(Rrset::key).toList());
    Instant now = clock.instant();
    Set<Rrset.Key> keep = new LinkedHashSet<>();
    Duration soonest = null;
    for (Rrset r : abandoned) {
      if (AdoptionBatches.referenced(r, zone)) {
        since.remove(r.key());
        keep.add(r.key());
        soonest = min(soonest, wait);
        continue;
      }
      Instant start = since.computeIfAbsent(r.key(), k -> now);
      Duration left = Duration.between(now, start.plus(wait));
      if (!left.isNegative() && !left.isZero()) {
        keep.add(r.key());
        soonest = min(soonest, left);
      }
    }
    if (since.isEmpty()) {
      unreferencedSince.remove(key);
    }
    return new Deferral(keep, soonest);
  }

  private static Duration min(Duration a, Duration b) {
    return a == null || b.compareTo(a) < 0 ? b : a;
  }
}
