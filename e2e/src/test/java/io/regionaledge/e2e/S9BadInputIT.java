package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Order(9)
class S9BadInputIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();
  static final String REGION = "us-east-1";

  @Test
  void aResourceListingARegionTwiceGetsAClearConditionAndTheOtherResourceKeepsServing() {
    World world = WORLD.world();
    RegionalEdge edge = world.edge("twice", "twice.example.com", 9444);
    List<RegionSpec> regions = new ArrayList<>(edge.getSpec().getRegions());
    regions.add(regions.get(0));
    edge.getSpec().setRegions(regions);
    world.createTlsSecrets(World.NAMESPACE, "twice-tls", "twice.example.com");
    Cluster cluster = world.cluster(REGION);
    cluster.apply(edge);

    Condition ready = awaitCondition(cluster, "twice", "DuplicateRegion");
    assertThat(ready.getMessage()).contains(REGION).contains("more than once");
    assertOtherResourceServes(world);
    assertThat(world.zone().at("twice.example.com", "A")).isEmpty();
  }

  @Test
  void aResourceWhoseTlsSecretIsMissingGetsAClearConditionAndTheOtherResourceKeepsServing() {
    World world = WORLD.world();
    RegionalEdge edge = world.edge("nosecret", "nosecret.example.com", 9445);
    Cluster cluster = world.cluster(REGION);
    cluster.apply(edge);

    Condition ready = awaitCondition(cluster, "nosecret", "TlsSecretMissing");
    assertThat(ready.getMessage()).contains("nosecret-tls");
    assertOtherResourceServes(world);
    assertThat(world.zone().at("nosecret.example.com", "A")).isEmpty();
  }

  @AfterAll
  static void cleanUp() {
    Cluster cluster = WORLD.world().cluster(REGION);
    cluster.delete(World.NAMESPACE, "twice");
    cluster.delete(World.NAMESPACE, "nosecret");
    Checks.await(
        "bad resources gone",
        Duration.ofSeconds(30),
        Duration.ofMillis(200),
        () ->
            cluster.get(World.NAMESPACE, "twice") == null
                && cluster.get(World.NAMESPACE, "nosecret") == null);
  }

  private static Condition awaitCondition(Cluster cluster, String name, String reason) {
    Condition[] found = new Condition[1];
    Checks.await(
        name + " Ready=False with reason " + reason,
        Duration.ofSeconds(30),
        Duration.ofMillis(100),
        () -> {
          found[0] = Conditions.find(cluster.get(World.NAMESPACE, name), "Ready").orElse(null);
          return found[0] != null
              && "False".equals(found[0].getStatus())
              && reason.equals(found[0].getReason());
        });
    System.out.println(
        name + ": " + Conditions.describe(cluster.get(World.NAMESPACE, name), "Ready"));
    return found[0];
  }

  private static void assertOtherResourceServes(World world) {
    for (Cluster c : world.clusters()) {
      // Ready may blink to False while a Route53 change is PENDING; it must hold True again within
      // seconds
      Checks.await(
          c.region() + " fast Ready",
          Duration.ofSeconds(20),
          Duration.ofMillis(100),
          () -> Conditions.isTrue(c.get(World.NAMESPACE, SharedWorld.NAME), "Ready"));
      RegionClient.Outcome o = world.client(c.region(), World.HOSTNAME, SharedWorld.PORT).get("/");
      assertThat(o.ok()).as(o.toString()).isTrue();
      assertThat(o.servedBy()).isEqualTo(c.region());
    }
  }
}
