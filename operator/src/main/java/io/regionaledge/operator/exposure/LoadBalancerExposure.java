package io.regionaledge.operator.exposure;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodAntiAffinityBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeploymentBuilder;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.dns.RecordTree;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Service of type LoadBalancer per region in front of the pods; every pod is published at the
 * load balancer's address. A hostname-only load balancer (an AWS NLB or ALB) becomes an alias in
 * Route53, an IP one a weighted member with its health check.
 */
public record LoadBalancerExposure(int port) implements Exposure {

  @Override
  public ContainerPort httpsPort(int containerPort) {
    return new ContainerPortBuilder()
        .withName("https")
        .withContainerPort(containerPort)
        .withProtocol("TCP")
        .build();
  }

  /** No port to share: start the new pod first, so capacity never drops. */
  @Override
  public RollingUpdateDeployment rollingUpdate() {
    return new RollingUpdateDeploymentBuilder()
        .withMaxSurge(new IntOrString(1))
        .withMaxUnavailable(new IntOrString(0))
        .build();
  }

  @Override
  public PodAntiAffinity antiAffinity(Map<String, String> selector) {
    return new PodAntiAffinityBuilder()
        .addToPreferredDuringSchedulingIgnoredDuringExecution(
            new WeightedPodAffinityTermBuilder()
                .withWeight(100)
                .withNewPodAffinityTerm()
                .withTopologyKey("kubernetes.io/hostname")
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(selector).build())
                .endPodAffinityTerm()
                .build())
        .build();
  }

  @Override
  public boolean needsService() {
    return true;
  }

  /**
   * The Service's first ingress entry: its IP, else its hostname (all an EKS NLB or ALB reports).
   */
  @Override
  public String address(Node node, Service service) {
    if (service == null
        || service.getStatus() == null
        || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return null;
    }
    for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
      if (ingress.getIp() != null) {
        return ingress.getIp();
      }
      if (ingress.getHostname() != null) {
        return ingress.getHostname();
      }
    }
    return null;
  }

  @Override
  public String podSecurityAdvice() {
    return "";
  }

  @Override
  public Optional<Problem> unreachable(List<InstanceStatus> instances) {
    if (instances.isEmpty() || instances.stream().anyMatch(i -> i.getPublicAddress() != null)) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            "LoadBalancerPending",
            "the proxy Service has no load-balancer address yet"
                + " (status.loadBalancer.ingress is empty): on EKS the AWS Load Balancer Controller provisions it;"
                + " see the Service's events (kubectl describe service) for why it does not"));
  }

  @Override
  public RecordTree recordTree() {
    return RecordTree.loadBalancer();
  }
}
