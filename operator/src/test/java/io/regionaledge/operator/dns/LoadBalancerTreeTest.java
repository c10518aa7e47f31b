package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.edge;
import static io.regionaledge.operator.dns.Edges.list;
import static io.regionaledge.operator.dns.Edges.ready;
import static io.regionaledge.operator.dns.Edges.unready;
import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.exposure.Exposure;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The record tree of a region in LoadBalancer exposure, as a pure function. */
class LoadBalancerTreeTest {
  static final String NLB =
      "k8s-shop-fastprox-0a1b2c3d4e-0123456789abcdef.elb.us-east-1.amazonaws.com";
  static final String ALB = "k8s-shop-fastprox-1234567890.us-east-1.elb.amazonaws.com";
  final RegionalEdge edge = edge("fast", "fast.example.com", "us-east-1", "eu-west-1");
  Target t;
  RecordTree tree;

  @BeforeEach
  void loadBalancerExposure() {
    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
    t = Target.of(edge, "us-east-1", "Z1");
    tree = Exposure.of(edge).recordTree();
  }

  DesiredRecords.Desired desired(
      List<io.regionaledge.operator.api.InstanceStatus> instances, boolean othersServe) {
    return tree.desired(t, instances, null, Set.of(), PublicAddresses.route53(), othersServe);
  }

  @Test
  void
      aHostnameOnlyNlbIsOneAliasInItsRegionsCanonicalZoneBehindTheLatencyAliasWithNoInstanceRecordsOrChecks() {
    var d = desired(list(ready("p-a", NLB), unready("p-b", NLB)), true);

    assertThat(d.slots()).isEmpty();
    assertThat(DesiredRecords.records(t, d))
        .map(Rrset::toString)
        .containsExactly(
            "proxy-us-east-1-fast.example.com A alias->" + NLB,
            "fast.example.com A [us-east-1] latency=us-east-1 alias->proxy-us-east-1-fast.example.com");
    Rrset toLb = DesiredRecords.records(t, d).get(0);
    assertThat(toLb.alias().hostedZoneId()).isEqualTo("Z26RNL4JYFTOTI");
    assertThat(toLb.alias().evaluateTargetHealth()).isTrue();
    assertThat(toLb.setIdentifier()).isNull();
    assertThat(d.summary())
        .isEqualTo("alias to load balancer " + NLB + " (NLB, us-east-1), 1 of 2 pods ready");
  }

  @Test
  void anAlbIsAliasedThroughItsDualstackNameInTheAlbZone() {
    var d = desired(list(ready("p-a", ALB)), true);

    Rrset toLb = DesiredRecords.records(t, d).get(0);
    assertThat(toLb.alias().dnsName()).isEqualTo("dualstack." + ALB);
    assertThat(toLb.alias().hostedZoneId()).isEqualTo("Z35SXDOTRQ7X7K");
  }

  @Test
  void
      withNoReadyPodTheLatencyRecordIsWithdrawnWhileAnotherRegionAnswersAndTheAliasToTheLoadBalancerStays() {
    var d = desired(list(unready("p-a", NLB), unready("p-b", NLB)), true);

    assertThat(d.latency()).isFalse();
    assertThat(d.note()).contains("latency record withdrawn");
    assertThat(DesiredRecords.records(t, d))
        .map(Rrset::name)
        .containsExactly("proxy-us-east-1-fast.example.com");
  }

  @Test
  void withNoReadyPodTheLastLatencyRecordOfTheNameIsKeptAndTheTargetHealthDecides() {
    var d = desired(list(unready("p-a", NLB)), false);

    assertThat(d.latency()).isTrue();
    assertThat(d.note()).contains("latency record kept").contains("target health decides");
    assertThat(d.withCheckedSlots(List.of()).latency()).isTrue();
  }

  @Test
  void aDrainedRegionWithdrawsItsLatencyRecordThoughPodsAreReady() {
    edge.getSpec().getRegions().get(0).setDrain(true);
    t = Target.of(edge, "us-east-1", "Z1");

    var d = desired(list(ready("p-a", NLB)), true);

    assertThat(d.latency()).isFalse();
    assertThat(d.note()).contains("region drained");
  }

  @Test
  void aLoadBalancerWithAnIpKeepsTheMemberWithItsHealthCheck() {
    var d = desired(list(ready("p-a", "52.9.9.9"), ready("p-b", "52.9.9.9")), true);

    assertThat(d.loadBalancer()).isNull();
    assertThat(d.slots())
        .singleElement()
        .satisfies(s -> assertThat(s.address()).isEqualTo("52.9.9.9"));
  }

  @Test
  void aHostnameThatIsNoAwsLoadBalancerPublishesNothingAndSaysWhy() {
    var d = desired(list(ready("p-a", "lb.example.net")), true);

    assertThat(DesiredRecords.records(t, d)).isEmpty();
    assertThat(d.skipped())
        .singleElement()
        .asString()
        .contains("lb.example.net")
        .contains("not an AWS load balancer name");
  }

  @Test
  void podsWithoutTheLoadBalancersAddressAreNamedAsSkipped() {
    var d = desired(list(ready("p-a", NLB), ready("p-b", null)), true);

    assertThat(d.skipped()).containsExactly("p-b (no public address)");
    assertThat(d.loadBalancer().pods()).isEqualTo(1);
  }

  @Test
  void hostPortExposureBuildsThePerInstanceTreeFromTheSameInstances() {
    edge.getSpec().getExposure().setType(ExposureSpec.Type.HostPort);
    var d =
        Exposure.of(edge)
            .recordTree()
            .desired(t, list(ready("p-a", NLB)), null, Set.of(), PublicAddresses.route53(), true);

    assertThat(d.loadBalancer()).isNull();
    assertThat(d.skipped()).singleElement().asString().contains("is not an IPv4 address");
  }
}
