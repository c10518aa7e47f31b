package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Kubernetes-style conditions: lastTransitionTime moves only when the status does. */
public final class StatusConditions {
  public static final String READY = "Ready";
  public static final String PROXIES_READY = "ProxiesReady";
  public static final String DNS_SYNCED = "DnsSynced";

  private StatusConditions() {}

  /** Returns the merged list; {@code previous} is not modified. */
  public static List<Condition> set(
      List<Condition> previous,
      String type,
      String status,
      String reason,
      String message,
      Long generation,
      Clock clock) {
    List<Condition> result = new ArrayList<>();
    Condition old = find(previous, type).orElse(null);
    String since =
        old != null
                && Objects.equals(old.getStatus(), status)
                && old.getLastTransitionTime() != null
            ? old.getLastTransitionTime()
            : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build();
    boolean placed = false;
    if (previous != null) {
      for (Condition c : previous) {
        if (type.equals(c.getType())) {
          result.add(updated);
          placed = true;
        } else {
          result.add(c);
        }
      }
    }
    if (!placed) {
      result.add(updated);
    }
    return result;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** True when the condition's status or reason differs between the two lists. */
  public static boolean changed(List<Condition> before, List<Condition> after, String type) {
    Optional<Condition> a = find(before, type);
    Optional<Condition> b = find(after, type);
    if (a.isEmpty() || b.isEmpty()) {
      return a.isPresent() != b.isPresent();
    }
    return !Objects.equals(a.get().getStatus(), b.get().getStatus())
        || !Objects.equals(a.get().getReason(), b.get().getReason());
  }
}
