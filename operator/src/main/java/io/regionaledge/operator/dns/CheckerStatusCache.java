package io.regionaledge.operator.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route53's own view of this operator's health checks: how many checker regions see each one
 * healthy and what the failing ones report, which the cluster cannot see (a security group that
 * blocks the checkers). Read with GetHealthCheckStatus, whose bucket is only 4 burst and 1/s per
 * account (Developer Guide, throttling-api-requests.html): only the checks the syncs registered,
 * one call per {@link #refreshOne()}, the check seen longest ago first (round robin), none while
 * every view is younger than {@code maxAge}. Syncs only read what is here; they never wait for it.
 */
public final class CheckerStatusCache {
  private static final Logger LOG = LoggerFactory.getLogger(CheckerStatusCache.class);

  /** Longest failure text kept (the status field allows 1024). */
  static final int FAILURE_MAX = 512;

  /**
   * Checker regions that see the check healthy, of those that reported; the first failing report.
   */
  public record Summary(int healthy, int total, String failure) {
    /** "6/8", for status and kubectl. */
    public String fraction() {
      return healthy + "/" + total;
    }
  }

  private record Seen(Summary summary, Instant at) {}

  private final Route53Api api;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<String, Set<String>> watched = new ConcurrentHashMap<>();
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  public CheckerStatusCache(Route53Api api, Clock clock, Duration maxAge) {
    this.api = api;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** The checks {@code key} (a resource in a region) holds now; replaces what it held before. */
  public void watch(String key, Collection<String> checkIds) {
    Set<String> ids =
        checkIds.stream().filter(id -> id != null).collect(Collectors.toUnmodifiableSet());
    if (ids.isEmpty()) {
      watched.remove(key);
    } else {
      watched.put(key, ids);
    }
  }

  public void forget(String key) {
    watched.remove(key);
  }

  /** What Route53's checkers reported last for the check, if it was read yet. */
  public Optional<Summary> summary(String checkId) {
    Seen s = checkId == null ? null : seen.get(checkId);
    return s == null ? Optional.empty() : Optional.ofNullable(s.summary());
  }

  /** How many checks are watched, over every resource. */
  public int watchedChecks() {
    return allWatched().size();
  }

  /**
   * Reads the watched check seen longest ago (never seen first) if its view is older than {@code
   * maxAge}. Returns whether a call was made. A failed read keeps the previous view and counts as a
   * read, so one broken check cannot take every turn.
   */
  public boolean refreshOne() {
    Set<String> all = allWatched();
    seen.keySet().retainAll(all);
    Instant now = clock.instant();
    String next = null;
    Instant oldest = null;
    for (String id : all) {
      Seen s = seen.get(id);
      Instant at = s == null ? Instant.MIN : s.at();
      if (oldest == null || at.isBefore(oldest) || at.equals(oldest) && id.compareTo(next) < 0) {
        oldest = at;
        next = id;
      }
    }
    if (next == null || !oldest.equals(Instant.MIN) && oldest.plus(maxAge).isAfter(now)) {
      return false;
    }
    Seen before = seen.get(next);
    try {
      seen.put(next, new Seen(summarise(api.healthCheckStatus(next)), now));
    } catch (RuntimeException e) {
      LOG.debug("GetHealthCheckStatus {} failed: {}", next, e.toString());
      seen.put(next, new Seen(before == null ? null : before.summary(), now));
    }
    return true;
  }

  private Set<String> allWatched() {
    return watched.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
  }

  /**
   * The count of healthy reports and the first failure, naming its region and how many more fail.
   */
  static Summary summarise(List<Route53Api.CheckerObservation> observations) {
    List<Route53Api.CheckerObservation> failing =
        observations.stream()
            .filter(o -> !o.healthy())
            .sorted(java.util.Comparator.comparing(o -> String.valueOf(o.region())))
            .toList();
    String failure = null;
    if (!failing.isEmpty()) {
      Route53Api.CheckerObservation first = failing.get(0);
      failure =
          first.region()
              + ": "
              + first.status()
              + (failing.size() > 1
                  ? " (and " + (failing.size() - 1) + " more checker regions)"
                  : "");
      if (failure.length() > FAILURE_MAX) {
        failure = failure.substring(0, FAILURE_MAX - 3) + "...";
      }
    }
    return new Summary(observations.size() - failing.size(), observations.size(), failure);
  }
}
