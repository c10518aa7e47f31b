package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Order(7)
class S7ThrottlingIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();
  static final String REGION = "us-east-1";

  @Test
  void underThrottlingConvergenceWaitsWithTheReasonInStatusAndCompletesWhenItStops() {
    World world = WORLD.world();
    Cluster cluster = world.cluster(REGION);
    PodState victim =
        cluster.standIn().pods().stream().filter(PodState::ready).findFirst().orElseThrow();

    world.route53().faults().failAll(Fault.THROTTLING);
    long clearedAt;
    try {
      // a change that needs a Route53 write: one node goes down, its instance must be withdrawn
      cluster.standIn().nodeDown(victim.node());
      Checks.await(
          "DnsSynced=False saying why",
          Duration.ofSeconds(60),
          Duration.ofMillis(100),
          () -> {
            Condition dns =
                Conditions.find(cluster.get(World.NAMESPACE, SharedWorld.NAME), "DnsSynced")
                    .orElse(null);
            return dns != null
                && "False".equals(dns.getStatus())
                && (dns.getReason() + " " + dns.getMessage()).toLowerCase().contains("throttl");
          });
      RegionalEdge meanwhile = cluster.get(World.NAMESPACE, SharedWorld.NAME);
      System.out.println("meanwhile: " + Conditions.describe(meanwhile, "DnsSynced"));
      assertThat(Checks.weightedAddresses(world.zone(), REGION, World.HOSTNAME))
          .as("nothing could be written")
          .contains(victim.nodeAddress());
      assertThat(cluster.operatorRunning()).isTrue();
      // Route53's own health check still steers users away from the dead instance
      RegionClient client = world.client(REGION, World.HOSTNAME, SharedWorld.PORT);
      Checks.await(
          "clients avoid the dead instance by its health check",
          Duration.ofSeconds(30),
          Duration.ofMillis(200),
          () -> {
            client.forget();
            RegionClient.Outcome o = client.get("/");
            return o.ok() && !victim.nodeAddress().equals(o.address());
          });
    } finally {
      world.route53().faults().clear();
      clearedAt = System.nanoTime();
    }
    Checks.await(
        "converged once throttling stopped",
        Duration.ofSeconds(60),
        Duration.ofMillis(100),
        () ->
            Conditions.isTrue(cluster.get(World.NAMESPACE, SharedWorld.NAME), "DnsSynced")
                && !Checks.weightedAddresses(world.zone(), REGION, World.HOSTNAME)
                    .contains(victim.nodeAddress()));
    Results.record(
        "7 Route53 throttling",
        "converged after throttling stopped",
        Duration.ofNanos(System.nanoTime() - clearedAt));

    cluster.standIn().nodeUp(victim.node());
    Checks.await(
        "the node's instance back in DNS and the resource Ready 2/2",
        Duration.ofSeconds(60),
        Duration.ofMillis(200),
        () -> {
          RegionalEdge edge = cluster.get(World.NAMESPACE, SharedWorld.NAME);
          return Checks.weightedAddresses(world.zone(), REGION, World.HOSTNAME).size() == 2
              && "2/2".equals(edge.getStatus().getReady())
              && Conditions.isTrue(edge, "Ready");
        });
  }
}
