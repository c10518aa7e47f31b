package io.regionaledge.operator.dns;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a sync of one resource in one region would do, computed by running the sync's own flow
 * against a copy of the zone ({@link PlannedEffects}): the desired tree, each round's health-check
 * and record changes, the Route53 calls by action (the zone's reading included, as a fresh operator
 * would make it) and how long they take at the operator's rate limits.
 *
 * @param calls every call a sync by a freshly started operator would make, by action
 * @param duration the time those calls take at this operator's share of the account's buckets
 */
public record SyncPlan(
    Target target, SyncFlow.Outcome outcome, Map<String, Long> calls, Duration duration) {

  static final Set<String> WRITES =
      Set.of(
          "ChangeResourceRecordSets",
          "CreateHealthCheck",
          "ChangeTagsForResource",
          "UpdateHealthCheck",
          "DeleteHealthCheck");

  public SyncPlan {
    calls = Map.copyOf(calls);
  }

  public List<Rrset> conflicts() {
    return outcome.conflicts();
  }

  public DesiredRecords.Desired desired() {
    return outcome.desired();
  }

  /** Every record the region should hold (new checks named by placeholder ids). */
  public List<Rrset> tree() {
    return outcome.tree();
  }

  public List<SyncFlow.Round> rounds() {
    return outcome.rounds();
  }

  /** Nothing to write. */
  public boolean isEmpty() {
    return calls.keySet().stream().noneMatch(WRITES::contains);
  }

  public long count(String action) {
    return calls.getOrDefault(action, 0L);
  }

  public long total() {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Record changes over every round, by action. */
  public long changes(Change.Action action) {
    return rounds().stream()
        .flatMap(r -> r.records().changes().stream())
        .filter(c -> c.action() == action)
        .count();
  }

  public long checks(java.util.function.Function<HealthCheckPlan, List<?>> which) {
    return rounds().stream().mapToLong(r -> which.apply(r.checks()).size()).sum();
  }

  /** One line: what would be written and what it costs in calls and time. */
  public String summary() {
    return "create "
        + checks(HealthCheckPlan::create)
        + ", update "
        + checks(HealthCheckPlan::update)
        + " and delete "
        + checks(HealthCheckPlan::delete)
        + " health checks; write "
        + changes(Change.Action.CREATE)
        + " CREATE, "
        + changes(Change.Action.UPSERT)
        + " UPSERT and "
        + changes(Change.Action.DELETE)
        + " DELETE record changes in "
        + count("ChangeResourceRecordSets")
        + " batch(es); "
        + total()
        + " Route53 calls, about "
        + CallTime.format(duration)
        + " at this operator's rate limits";
  }
}
