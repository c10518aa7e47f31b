package io.regionaledge.operator.dns;

import java.time.Duration;
import java.util.Map;

/**
 * How long a number of Route53 calls takes under the account's token buckets ({@link
 * Route53Limits}) at one operator's share of them: buckets start full, every call takes an account
 * token and one of its action's bucket, record changes take change tokens (an UPSERT two).
 * Route53's own time to apply a change (PENDING until INSYNC) comes on top.
 */
final class CallTime {
  private CallTime() {}

  /**
   * @param changeTokens record changes written, UPSERTs counted twice
   * @param share how many operators share the account (this one takes 1/share of each bucket)
   */
  static Duration estimate(
      Map<String, Long> calls, long changeTokens, Route53Limits limits, int share) {
    long total = calls.values().stream().mapToLong(Long::longValue).sum();
    double seconds = wait(total, limits.account(), share);
    for (var e : calls.entrySet()) {
      Route53Limits.Bucket b = limits.actions().get(e.getKey());
      if (b != null) {
        seconds = Math.max(seconds, wait(e.getValue(), b, share));
      }
    }
    seconds = Math.max(seconds, wait(changeTokens, limits.changes(), share));
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private static double wait(long n, Route53Limits.Bucket b, int share) {
    double capacity = Math.max(1, b.capacity() / share);
    double refill = b.refillPerSecond() / share;
    return n <= capacity ? 0 : (n - capacity) / refill;
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms < 1000
        ? "0 s (within the burst)"
        : ms < 120_000
            ? String.format("%.1f s", ms / 1000.0)
            : String.format("%.1f min", ms / 60_000.0);
  }

  /**
   * Change tokens of a batch's changes: an UPSERT counts twice (re:Post,
   * route-53-avoid-throttling-errors).
   */
  static long changeTokens(Iterable<Change> changes) {
    long n = 0;
    for (Change c : changes) {
      n += c.action() == Change.Action.UPSERT ? 2 : 1;
    }
    return n;
  }
}
