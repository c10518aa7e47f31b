package io.regionaledge.operator.exposure;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeploymentBuilder;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.dns.RecordTree;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each pod binds the public port on its node and is published at the node's ExternalIP: one pod per
 * node, one weighted member and Route53 health check per instance.
 */
public record HostPortExposure(int port) implements Exposure {

  @Override
  public ContainerPort httpsPort(int containerPort) {
    return new ContainerPortBuilder()
        .withName("https")
        .withContainerPort(containerPort)
        .withProtocol("TCP")
        .withHostPort(port)
        .build();
  }

  /** A hostPort pod cannot start beside its predecessor on the same node: replace in place. */
  @Override
  public RollingUpdateDeployment rollingUpdate() {
    return new RollingUpdateDeploymentBuilder()
        .withMaxSurge(new IntOrString(0))
        .withMaxUnavailable(new IntOrString(1))
        .build();
  }

  /** Two pods on one node would fight over the hostPort (and share one ExternalIP in DNS). */
  @Override
  public PodAntiAffinity antiAffinity(Map<String, String> selector) {
    return new PodAntiAffinityBuilder()
        .addToRequiredDuringSchedulingIgnoredDuringExecution(
            new PodAffinityTermBuilder()
                .withTopologyKey("kubernetes.io/hostname")
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(selector).build())
                .build())
        .build();
  }

  @Override
  public boolean needsService() {
    return false;
  }

  @Override
  public String address(Node node, Service service) {
    if (node == null || node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return null;
    }
    return node.getStatus().getAddresses().stream()
        .filter(a -> "ExternalIP".equals(a.getType()))
        .map(NodeAddress::getAddress)
        .findFirst()
        .orElse(null);
  }

  @Override
  public String podSecurityAdvice() {
    return "; HostPort exposure needs the namespace labelled pod-security.kubernetes.io/enforce=privileged,"
        + " or use exposure.type LoadBalancer";
  }

  @Override
  public Optional<Problem> unreachable(List<InstanceStatus> instances) {
    List<String> noAddress =
        instances.stream()
            .filter(i -> i.getNode() != null && i.getPublicAddress() == null)
            .map(InstanceStatus::getNode)
            .distinct()
            .toList();
    if (noAddress.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            "NoExternalIP",
            "node"
                + (noAddress.size() > 1 ? "s " : " ")
                + String.join(", ", noAddress)
                + " report no ExternalIP address (a private subnet?): HostPort exposure"
                + " publishes each node's public IPv4, so run the proxies on nodes with public addresses"
                + " (a node group in public subnets) or use exposure.type LoadBalancer"));
  }

  @Override
  public RecordTree recordTree() {
    return RecordTree.perInstance();
  }
}
