package io.regionaledge.e2e;

import io.fabric8.kubernetes.api.model.Condition;
import io.regionaledge.operator.api.RegionalEdge;
import java.util.Optional;

/** Reading a RegionalEdge's status conditions. */
public final class Conditions {
  private Conditions() {}

  public static Optional<Condition> find(RegionalEdge edge, String type) {
    if (edge == null || edge.getStatus() == null || edge.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return edge.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  public static boolean isTrue(RegionalEdge edge, String type) {
    return find(edge, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  public static String describe(RegionalEdge edge, String type) {
    return find(edge, type)
        .map(c -> type + "=" + c.getStatus() + " (" + c.getReason() + ": " + c.getMessage() + ")")
        .orElse(type + " not set");
  }
}
