package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Aliases to Elastic Load Balancing names: validated against the load balancer's canonical zone,
 * answered with its addresses.
 */
class LoadBalancerAliasTest {
  static final String EAST_NLB =
      "k8s-default-fastprox-0a1b2c3d4e-0123456789abcdef.elb.us-east-1.amazonaws.com";
  static final String WEST_ALB = "k8s-default-fastprox-1234567890.eu-west-1.elb.amazonaws.com";
  static final String EAST_NLB_ZONE = "Z26RNL4JYFTOTI";
  static final String WEST_ALB_ZONE = "Z32O12XQLNTSW2";

  private Route53Simulator sim;
  private String zone;

  @BeforeEach
  void start() {
    sim = Route53Simulator.builder().probing(false).seed(7).start();
    zone = sim.createHostedZone("example.com");
    sim.loadBalancers()
        .register(
            LoadBalancers.Kind.NLB, "us-east-1", EAST_NLB, List.of("192.0.2.10", "192.0.2.11"));
    sim.loadBalancers()
        .register(LoadBalancers.Kind.ALB, "eu-west-1", WEST_ALB, List.of("198.51.100.20"));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private static RecordSet alias(String name, String zoneId, String target, boolean evaluate) {
    return new RecordSet(
        name,
        "A",
        null,
        null,
        null,
        null,
        List.of(),
        new AliasTarget(zoneId, target, evaluate),
        null);
  }

  private static RecordSet latency(String region, String zoneId, String target) {
    return new RecordSet(
        "fast.example.com",
        "A",
        region,
        null,
        region,
        null,
        List.of(),
        new AliasTarget(zoneId, target, true),
        null);
  }

  /**
   * fast -> latency per region -> proxy-R -> the region's load balancer, every hop evaluating
   * target health.
   */
  private void tree(boolean evaluateEast) {
    sim.apply(
        zone,
        Change.create(
            alias("proxy-us-east-1-fast.example.com", EAST_NLB_ZONE, EAST_NLB, evaluateEast)),
        Change.create(
            alias(
                "proxy-eu-west-1-fast.example.com", WEST_ALB_ZONE, "dualstack." + WEST_ALB, true)),
        Change.create(latency("us-east-1", zone, "proxy-us-east-1-fast.example.com")),
        Change.create(latency("eu-west-1", zone, "proxy-eu-west-1-fast.example.com")));
  }

  @Test
  void anAliasToALoadBalancerInItsCanonicalZoneIsAnsweredWithItsAddresses() {
    tree(true);
    Answer east = sim.resolve("us-east-1", "fast.example.com");
    assertThat(east.addresses()).containsExactlyInAnyOrder("192.0.2.10", "192.0.2.11");
    assertThat(east.ttl()).isEqualTo(60);
    assertThat(east.path()).last().asString().contains("NLB");
    // an ALB reached through its dualstack. name, as Route53's console writes it
    assertThat(sim.resolve("eu-west-1", "fast.example.com").addresses())
        .containsExactly("198.51.100.20");
  }

  @Test
  void anAliasNamingALoadBalancerWithAnotherZoneThanItsCanonicalOneIsRefused() {
    assertThatThrownBy(
            () ->
                sim.apply(
                    zone, Change.create(alias("lb.example.com", WEST_ALB_ZONE, EAST_NLB, true))))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("InvalidChangeBatch"))
        .hasMessageContaining(
            "Tried to create an alias that targets "
                + EAST_NLB
                + "., type A in zone "
                + WEST_ALB_ZONE
                + ", but the alias target name does not lie within the target zone");
    assertThat(sim.snapshot(zone).userRecords()).isEmpty();
  }

  @Test
  void anAliasToALoadBalancerNameNobodyRegisteredIsRefusedAsNotFound() {
    String unknown = "nobody-0123456789abcdef.elb.us-east-1.amazonaws.com";
    assertThatThrownBy(
            () ->
                sim.apply(
                    zone, Change.create(alias("lb.example.com", EAST_NLB_ZONE, unknown, true))))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("InvalidChangeBatch"))
        .hasMessageContaining("but that target was not found");
  }

  @Test
  void anNlbIsNotReachedThroughADualstackName() {
    assertThatThrownBy(
            () ->
                sim.apply(
                    zone,
                    Change.create(
                        alias("lb.example.com", EAST_NLB_ZONE, "dualstack." + EAST_NLB, true))))
        .hasMessageContaining("not found");
  }

  @Test
  void anUnhealthyLoadBalancerSendsItsRegionsClientsToTheNextRegionAndBackWhenHealthy() {
    tree(true);
    sim.loadBalancers().setHealthy(EAST_NLB, false);
    assertThat(sim.resolve("us-east-1", "fast.example.com").addresses())
        .containsExactly("198.51.100.20");
    sim.loadBalancers().setHealthy(EAST_NLB, true);
    assertThat(sim.resolve("us-east-1", "fast.example.com").addresses()).contains("192.0.2.10");
  }

  @Test
  void withoutEvaluateTargetHealthAnUnhealthyLoadBalancerStillAnswers() {
    tree(false);
    sim.loadBalancers().setHealthy(EAST_NLB, false);
    assertThat(sim.resolve("us-east-1", "fast.example.com").addresses()).contains("192.0.2.10");
  }

  @Test
  void whenEveryLoadBalancerIsUnhealthyTheClosestAnswersAnyway() {
    tree(true);
    sim.loadBalancers().setHealthy(EAST_NLB, false);
    sim.loadBalancers().setHealthy(WEST_ALB, false);
    // fail-open: with every latency member unhealthy Route53 answers as if all were healthy
    assertThat(sim.resolve("us-east-1", "fast.example.com").addresses()).contains("192.0.2.10");
  }

  @Test
  void aLoadBalancerNameMustHaveItsKindsFormForItsRegion() {
    assertThatThrownBy(
            () ->
                sim.loadBalancers()
                    .register(LoadBalancers.Kind.NLB, "us-east-1", WEST_ALB, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the DNS name of an NLB in us-east-1");
    assertThatThrownBy(
            () ->
                sim.loadBalancers()
                    .register(LoadBalancers.Kind.ALB, "us-east-1", WEST_ALB, List.of()))
        .hasMessageContaining("ALB in us-east-1");
  }
}
