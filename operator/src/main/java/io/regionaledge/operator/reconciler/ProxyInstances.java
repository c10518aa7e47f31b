package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.exposure.Exposure;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The proxy pods of this region as DNS sees them: where each is reached and whether it is ready.
 */
public final class ProxyInstances {
  private ProxyInstances() {}

  /**
   * @param nodes looks up a node by name (null when unknown)
   * @param service the LoadBalancer Service, or null
   */
  public static List<InstanceStatus> observe(
      RegionalEdge edge, Collection<Pod> pods, Function<String, Node> nodes, Service service) {
    Exposure exposure = Exposure.of(edge);
    return pods.stream()
        .filter(
            p ->
                edge.getMetadata()
                    .getName()
                    .equals(p.getMetadata().getLabels().get(ProxyLabels.INSTANCE)))
        .filter(p -> !isFinished(p))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .map(
            p -> {
              String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
              String address = exposure.address(node == null ? null : nodes.apply(node), service);
              return new InstanceStatus(p.getMetadata().getName(), node, address, isReady(p));
            })
        .toList();
  }

  /** Ready condition True and not on its way out: a terminating pod must leave DNS at once. */
  public static boolean isReady(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null
        || pod.getStatus().getConditions() == null) {
      return false;
    }
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean isFinished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
