package io.regionaledge.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyInstancesTest {
  final RegionalEdge edge = Edges.example();
  final Map<String, Node> nodes =
      Map.of(
          "n1", node("n1", "203.0.113.1"),
          "n2", node("n2", "203.0.113.2"));

  static Node node(String name, String ip) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress("10.0.0.1")
        .endAddress()
        .addNewAddress()
        .withType("ExternalIP")
        .withAddress(ip)
        .endAddress()
        .endStatus()
        .build();
  }

  static Pod pod(
      String name, String owner, String node, String ready, String phase, boolean terminating) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("edge")
            .addToLabels(ProxyLabels.INSTANCE, owner)
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .endSpec()
            .withNewStatus()
            .withPhase(phase)
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready)
            .endCondition()
            .endStatus();
    if (terminating) {
      b.editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata();
    }
    return b.build();
  }

  @Test
  void eachProxyPodIsAnInstanceAtItsNodesExternalAddress() {
    List<InstanceStatus> instances =
        ProxyInstances.observe(
            edge,
            List.of(
                pod("p-b", "fast", "n2", "True", "Running", false),
                pod("p-a", "fast", "n1", "False", "Running", false)),
            nodes::get,
            null);
    assertThat(instances)
        .extracting(
            InstanceStatus::getPod,
            InstanceStatus::getNode,
            InstanceStatus::getPublicAddress,
            InstanceStatus::getReady)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("p-a", "n1", "203.0.113.1", false),
            org.assertj.core.groups.Tuple.tuple("p-b", "n2", "203.0.113.2", true));
  }

  @Test
  void aTerminatingPodIsNotReadyEvenIfItsConditionSaysSo() {
    List<InstanceStatus> instances =
        ProxyInstances.observe(
            edge, List.of(pod("p-a", "fast", "n1", "True", "Running", true)), nodes::get, null);
    assertThat(instances).singleElement().extracting(InstanceStatus::getReady).isEqualTo(false);
  }

  @Test
  void finishedPodsAndOtherResourcesPodsAreNotInstances() {
    List<InstanceStatus> instances =
        ProxyInstances.observe(
            edge,
            List.of(
                pod("p-a", "fast", "n1", "False", "Failed", false),
                pod("p-b", "other", "n1", "True", "Running", false)),
            nodes::get,
            null);
    assertThat(instances).isEmpty();
  }

  @Test
  void anUnscheduledPodHasNoAddressYet() {
    List<InstanceStatus> instances =
        ProxyInstances.observe(
            edge, List.of(pod("p-a", "fast", null, "False", "Pending", false)), nodes::get, null);
    assertThat(instances)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.getNode()).isNull();
              assertThat(i.getPublicAddress()).isNull();
            });
  }

  @Test
  void withALoadBalancerEveryInstanceIsReachedAtItsIngress() {
    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
    Service lb =
        new ServiceBuilder()
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .withHostname("abc.elb.amazonaws.com")
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();
    List<InstanceStatus> instances =
        ProxyInstances.observe(
            edge,
            List.of(
                pod("p-a", "fast", "n1", "True", "Running", false),
                pod("p-b", "fast", "n2", "True", "Running", false)),
            nodes::get,
            lb);
    assertThat(instances)
        .extracting(InstanceStatus::getPublicAddress)
        .containsOnly("abc.elb.amazonaws.com");
  }
}
