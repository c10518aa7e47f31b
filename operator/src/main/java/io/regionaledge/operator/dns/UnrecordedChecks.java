package io.regionaledge.operator.dns;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks this process created for a batch that has not landed yet, per resource+region. When the
 * ownership record does not list one after a sync (the instance went away meanwhile), no record can
 * refer to it, so it is deleted.
 */
final class UnrecordedChecks {
  private static final Logger LOG = LoggerFactory.getLogger(UnrecordedChecks.class);
  private final HealthChecks checks;
  private final Map<String, Set<String>> byKey = new ConcurrentHashMap<>();

  UnrecordedChecks(HealthChecks checks) {
    this.checks = checks;
  }

  /** Where a flow records the checks it creates. */
  Set<String> of(String key) {
    return byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
  }

  /**
   * Deletes those the ownership record in {@code zone} (read only when there are any) does not
   * list; returns the ones Route53 kept.
   */
  List<String> sweep(String key, Target t, Supplier<List<Rrset>> zone) {
    Set<String> mine = byKey.get(key);
    if (mine == null || mine.isEmpty()) {
      return List.of();
    }
    Registry reg = Ownership.observe(t, zone.get()).registry();
    Set<String> listed = new HashSet<>();
    if (reg != null) {
      reg.entries().forEach(e -> listed.add(e.checkId()));
      listed.addAll(reg.retired());
    }
    mine.removeAll(listed);
    List<String> orphans = List.copyOf(mine);
    List<String> stuck = checks.delete(orphans);
    mine.removeAll(orphans);
    mine.addAll(stuck);
    if (!orphans.isEmpty()) {
      LOG.info(
          "Route53 {} {}: deleted health checks created for a batch that never landed: {}",
          t.resource(),
          t.region(),
          orphans);
    }
    return stuck;
  }

  void forget(String key) {
    byKey.remove(key);
  }
}
