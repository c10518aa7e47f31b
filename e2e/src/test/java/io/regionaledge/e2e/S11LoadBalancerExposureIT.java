package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LoadBalancer exposure end to end: in each region a stand-in for the AWS Load Balancer Controller
 * gives the proxy Service an NLB name the Route53 simulator knows, whose address forwards to the
 * ready proxy pods. Clients resolve H through the latency alias and the alias to the NLB; when the
 * region's pods go unready its NLB's target health fails and Route53 alone (the region's operator
 * is stopped) moves its clients to the other region.
 */
@Order(11)
class S11LoadBalancerExposureIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();
  static final String NAME = "lb";
  static final String HOST = "lb.example.com";
  static final int PORT = 10443;
  static final String DOWN = "us-east-1";
  static final String OTHER = "eu-west-1";

  @Test
  void clientsReachEachRegionThroughItsLoadBalancerAndFailOverWhenItsTargetsTurnUnhealthy() {
    World world = WORLD.world();
    List<LoadBalancerStandIn> controllers = new ArrayList<>();
    world
        .clusters()
        .forEach(
            c ->
                controllers.add(
                    LoadBalancerStandIn.start(
                        c, world.route53().loadBalancers(), Duration.ofMillis(200))));
    try {
      RegionalEdge edge = world.edge(NAME, HOST, PORT);
      edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
      edge.getSpec().getRegions().forEach(r -> r.setReplicas(1));
      world.createTlsSecrets(World.NAMESPACE, NAME + "-tls", HOST);
      long start = System.nanoTime();
      world.applyEverywhere(edge);
      Checks.awaitServedLocally(world, HOST, PORT, Duration.ofSeconds(90));
      Results.record(
          "11 LoadBalancer exposure",
          "apply to every region served through its load balancer",
          Duration.ofNanos(System.nanoTime() - start));

      String nlb =
          controllers.get(0).loadBalancerOf(World.NAMESPACE, NAME + "-proxy").orElseThrow();
      List<RecordSet> proxy = world.zone().at("proxy-" + DOWN + "-" + HOST, "A");
      assertThat(proxy)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.alias().dnsName()).isEqualTo(nlb + ".");
                assertThat(r.alias().hostedZoneId()).isEqualTo("Z26RNL4JYFTOTI");
                assertThat(r.alias().evaluateTargetHealth()).isTrue();
              });
      assertThat(world.zone().userRecords())
          .noneMatch(r -> r.name().matches("proxy\\d+-.*" + HOST.replace(".", "\\.") + "\\."));
      assertThat(world.route53().healthChecks())
          .noneMatch(c -> HOST.equals(c.config().fullyQualifiedDomainName()));

      // the region's operator is gone: only Route53 (the NLB's target health) can move its clients
      Cluster down = world.cluster(DOWN);
      down.stopOperator();
      List<RecordSet> before = world.zone().userRecords();
      RegionClient client = world.client(DOWN, HOST, PORT);
      world.backend(DOWN).stop();
      try {
        Duration failover = Checks.awaitServedBy(client, OTHER, Duration.ofSeconds(60));
        Results.record(
            "11 LoadBalancer exposure",
            "us-east-1 clients on eu-west-1 after its pods went unready",
            failover);
        assertThat(world.route53().loadBalancers().get(nlb).orElseThrow().healthy()).isFalse();
        assertThat(world.zone().userRecords())
            .as("no record was written")
            .containsExactlyInAnyOrderElementsOf(before);
      } finally {
        world.backend(DOWN).start();
        down.startOperator();
      }
      Duration back = Checks.awaitServedBy(client, DOWN, Duration.ofSeconds(60));
      Results.record(
          "11 LoadBalancer exposure", "us-east-1 clients back once its pods are ready", back);

      world.clusters().forEach(c -> c.delete(World.NAMESPACE, NAME));
      Checks.await(
          HOST + " gone from the zone and the load balancers deleted",
          Duration.ofSeconds(60),
          Duration.ofMillis(200),
          () ->
              world.zone().userRecords().stream().noneMatch(r -> r.name().contains(HOST))
                  && world.route53().loadBalancers().get(nlb).isEmpty());
      // the shared resource is whole again for the scenarios after this one
      Checks.awaitConverged(
          world, World.NAMESPACE, SharedWorld.NAME, World.HOSTNAME, Duration.ofSeconds(60));
    } finally {
      controllers.forEach(LoadBalancerStandIn::close);
    }
  }
}
