package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.list;
import static io.regionaledge.operator.dns.Edges.ready;
import static io.regionaledge.operator.dns.Edges.unready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.LoadBalancers;
import io.regionaledge.testkit.route53.RecordSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LoadBalancer exposure's record tree written through the real SDK into the simulator, which knows
 * the load balancers.
 */
class LoadBalancerDnsIT {
  static final String HOST = "fast.example.com";
  static final String PROXY = "proxy-us-east-1-fast.example.com";
  static final String EAST =
      "k8s-shop-fastprox-0a1b2c3d4e-0123456789abcdef.elb.us-east-1.amazonaws.com";
  static final String WEST = "k8s-shop-fastprox-1234567890.eu-west-1.elb.amazonaws.com";

  SimWorld world;
  Route53DnsSync dns;
  RegionalEdge edge;

  @BeforeEach
  void start() {
    world = new SimWorld(SimWorld.simulator().probing(false));
    world
        .sim
        .loadBalancers()
        .register(LoadBalancers.Kind.NLB, "us-east-1", EAST, List.of("192.0.2.10"));
    world
        .sim
        .loadBalancers()
        .register(LoadBalancers.Kind.ALB, "eu-west-1", WEST, List.of("192.0.2.20"));
    dns = world.operator();
    edge = world.edge("fast", HOST, "us-east-1", "eu-west-1");
    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
  }

  @AfterEach
  void stop() {
    world.close();
  }

  DnsSyncResult syncUntilSynced(Route53DnsSync op, String region, List<InstanceStatus> instances) {
    DnsSyncResult[] last = new DnsSyncResult[1];
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(150))
          .until(
              () -> {
                last[0] = op.sync(edge, region, instances);
                return last[0].synced();
              });
    } catch (org.awaitility.core.ConditionTimeoutException timeout) {
      throw new AssertionError(region + " never synced; last result: " + last[0], timeout);
    }
    return last[0];
  }

  @Test
  void aHostnameOnlyLoadBalancerIsPublishedAsAnAliasAndClientsResolveToItsAddresses() {
    var result = syncUntilSynced(dns, "us-east-1", list(ready("p-a", EAST), ready("p-b", EAST)));

    assertThat(world.at(PROXY))
        .filteredOn(r -> r.type().equals("A"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.alias().dnsName()).isEqualTo(EAST + ".");
              assertThat(r.alias().hostedZoneId()).isEqualTo("Z26RNL4JYFTOTI");
              assertThat(r.alias().evaluateTargetHealth()).isTrue();
              assertThat(r.setIdentifier()).isNull();
            });
    assertThat(world.sim.healthChecks()).isEmpty();
    assertThat(world.userRecords()).noneMatch(r -> r.name().startsWith("proxy1-"));
    assertThat(world.sim.resolve("us-east-1", HOST).addresses()).containsExactly("192.0.2.10");
    assertThat(result.message())
        .contains("alias to load balancer " + EAST)
        .contains("2 of 2 pods ready");
    assertThat(result.details().getHealthChecks()).isEmpty();

    // steady state: nothing written, nothing asked
    world.sim.counters().reset();
    for (int i = 0; i < 5; i++) {
      assertThat(dns.sync(edge, "us-east-1", list(ready("p-a", EAST), ready("p-b", EAST))).reason())
          .isEqualTo("Synced");
    }
    assertThat(world.sim.counters().total()).isZero();
  }

  @Test
  void anUnhealthyLoadBalancerSendsItsRegionsClientsToTheOtherRegion() {
    syncUntilSynced(dns, "us-east-1", list(ready("p-a", EAST)));
    syncUntilSynced(world.operator(), "eu-west-1", list(ready("p-c", WEST)));
    assertThat(world.sim.resolve("us-east-1", HOST).addresses()).containsExactly("192.0.2.10");

    world.sim.loadBalancers().setHealthy(EAST, false);

    assertThat(world.sim.resolve("us-east-1", HOST).addresses()).containsExactly("192.0.2.20");
  }

  @Test
  void withNoReadyPodTheLatencyRecordIsWithdrawnOnlyWhileAnotherRegionAnswers() {
    syncUntilSynced(dns, "us-east-1", list(ready("p-a", EAST)));
    var kept = syncUntilSynced(dns, "us-east-1", list(unready("p-a", EAST)));
    assertThat(world.at(HOST)).extracting(RecordSet::setIdentifier).containsExactly("us-east-1");
    assertThat(kept.message()).contains("latency record kept");

    syncUntilSynced(world.operator(), "eu-west-1", list(ready("p-c", WEST)));
    var withdrawn = syncUntilSynced(dns, "us-east-1", list(unready("p-a", EAST)));
    assertThat(world.at(HOST)).extracting(RecordSet::setIdentifier).containsExactly("eu-west-1");
    assertThat(withdrawn.message()).contains("latency record withdrawn");
  }

  @Test
  void switchingFromHostPortDeletesTheInstanceRecordsAndTheirHealthChecks() {
    edge.getSpec().getExposure().setType(ExposureSpec.Type.HostPort);
    syncUntilSynced(dns, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")));
    assertThat(world.sim.healthChecks()).hasSize(2);

    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(150))
        .until(
            () ->
                dns.sync(edge, "us-east-1", list(ready("p-a", EAST), ready("p-b", EAST))).synced()
                    && world.sim.healthChecks().isEmpty());

    assertThat(world.userRecords())
        .noneMatch(r -> r.name().startsWith("proxy1-") || r.name().startsWith("proxy2-"));
    assertThat(world.at(PROXY))
        .filteredOn(r -> r.type().equals("A"))
        .singleElement()
        .satisfies(r -> assertThat(r.alias().dnsName()).isEqualTo(EAST + "."));
    assertThat(world.sim.resolve("us-east-1", HOST).addresses()).containsExactly("192.0.2.10");

    // and back: the alias goes, members with new checks come
    edge.getSpec().getExposure().setType(ExposureSpec.Type.HostPort);
    syncUntilSynced(dns, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(world.at(PROXY))
        .filteredOn(r -> r.type().equals("A"))
        .singleElement()
        .satisfies(r -> assertThat(r.weight()).isEqualTo(1L));
    assertThat(world.sim.healthChecks()).hasSize(1);
  }

  @Test
  void cleanupRemovesTheAliasTreeAndLeavesTheZoneAsBefore() {
    var before = world.userRecords();
    syncUntilSynced(dns, "us-east-1", list(ready("p-a", EAST)));

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(150))
        .until(() -> dns.cleanup(edge, "us-east-1").synced());

    assertThat(world.userRecords()).containsExactlyInAnyOrderElementsOf(before);
  }
}
