package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Order(4)
class S4RegionFailoverIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();
  static final String DOWN = "us-east-1";
  static final String OTHER = "eu-west-1";

  @Test
  void withEveryUsEast1ProxyDownItsClientsAreServedFromEuWest1AndComeBackAfterwards() {
    World world = WORLD.world();
    Cluster cluster = world.cluster(DOWN);
    RegionClient client = world.client(DOWN, World.HOSTNAME, SharedWorld.PORT);
    Checks.awaitServedBy(client, DOWN, Duration.ofSeconds(10));

    cluster.nodes().forEach(n -> cluster.standIn().nodeDown(n.name()));
    Duration failover = Checks.awaitServedBy(client, OTHER, Duration.ofSeconds(60));
    Results.record(
        "4a all us-east-1 proxies down", "us-east-1 clients served from eu-west-1 after", failover);
    RegionClient.Outcome during = client.get("/");
    assertThat(during.servedBy()).as(during.toString()).isEqualTo(OTHER);
    assertThat(world.client(OTHER, World.HOSTNAME, SharedWorld.PORT).get("/").servedBy())
        .isEqualTo(OTHER);

    cluster.nodes().forEach(n -> cluster.standIn().nodeUp(n.name()));
    Duration recovery = Checks.awaitServedBy(client, DOWN, Duration.ofSeconds(90));
    Results.record(
        "4a all us-east-1 proxies down",
        "us-east-1 clients back on us-east-1 after the nodes return",
        recovery);
    awaitTwoInstances(world);
  }

  @Test
  void withTheUsEast1BackendDownItsClientsAreServedFromEuWest1AndComeBackAfterwards() {
    World world = WORLD.world();
    RegionClient client = world.client(DOWN, World.HOSTNAME, SharedWorld.PORT);
    Checks.awaitServedBy(client, DOWN, Duration.ofSeconds(30));

    world.backend(DOWN).stop();
    try {
      Duration failover = Checks.awaitServedBy(client, OTHER, Duration.ofSeconds(60));
      Results.record(
          "4b us-east-1 backend down", "us-east-1 clients served from eu-west-1 after", failover);
      // the proxies stay up but unready: nothing in us-east-1 is handed out
      Checks.sleep(1500);
      for (int i = 0; i < 5; i++) {
        RegionClient.Outcome outcome = client.get("/");
        assertThat(outcome.servedBy()).as(outcome.toString()).isEqualTo(OTHER);
      }
    } finally {
      world.backend(DOWN).start();
    }
    Duration recovery = Checks.awaitServedBy(client, DOWN, Duration.ofSeconds(60));
    Results.record(
        "4b us-east-1 backend down",
        "us-east-1 clients back on us-east-1 after the backend returns",
        recovery);
    awaitTwoInstances(world);
  }

  private static void awaitTwoInstances(World world) {
    Checks.await(
        "us-east-1 back to two instances in DNS",
        Duration.ofSeconds(60),
        Duration.ofMillis(200),
        () -> Checks.weightedAddresses(world.zone(), DOWN, World.HOSTNAME).size() == 2);
  }
}
