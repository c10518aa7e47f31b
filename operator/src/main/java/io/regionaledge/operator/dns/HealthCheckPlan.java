package io.regionaledge.operator.dns;

import java.util.List;

/**
 * What one round does to this region's health checks, computed purely from the ownership record and
 * the desired slots, applied by {@link HealthChecks#apply} (or counted by a plan) before the record
 * batch that refers to the new checks.
 *
 * @param create slots without a check: a new check each (a replaced check's slot too)
 * @param update slots whose check exists but differs in a setting UpdateHealthCheck can change
 * @param delete checks the ownership record lists as retired: unbound by a batch that landed
 */
public record HealthCheckPlan(
    List<DesiredRecords.Slot> create, List<DesiredRecords.Slot> update, List<String> delete) {

  public HealthCheckPlan {
    create = List.copyOf(create);
    update = List.copyOf(update);
    delete = List.copyOf(delete);
  }

  public static HealthCheckPlan of(Registry current, DesiredRecords.Desired desired) {
    return new HealthCheckPlan(
        desired.slots().stream().filter(s -> s.checkId() == null).toList(),
        desired.slots().stream().filter(s -> s.checkId() != null && s.outdated()).toList(),
        current.retired());
  }

  public boolean isEmpty() {
    return create.isEmpty() && update.isEmpty() && delete.isEmpty();
  }

  /**
   * The outcome: every published slot with its check id, the retired checks Route53 would not
   * delete yet (still in use), and the addresses left out at the account's health-check quota.
   */
  public record Outcome(
      DesiredRecords.Desired desired, List<String> stuck, List<String> overQuota) {}
}
