package io.regionaledge.testkit.route53;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Requests received per Route53 action, including those answered with an injected fault. */
public final class RequestCounters {
  /** The actions that change the account; "zero writes" means none of these were called. */
  public static final Set<String> WRITE_ACTIONS =
      Set.of(
          "CreateHostedZone",
          "DeleteHostedZone",
          "ChangeResourceRecordSets",
          "CreateHealthCheck",
          "UpdateHealthCheck",
          "DeleteHealthCheck",
          "ChangeTagsForResource");

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  void increment(String action) {
    counts.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
  }

  public long count(String action) {
    AtomicLong c = counts.get(action);
    return c == null ? 0 : c.get();
  }

  /** A sorted copy of the counts by action name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long writes() {
    return WRITE_ACTIONS.stream().mapToLong(this::count).sum();
  }

  public void reset() {
    counts.clear();
  }
}
