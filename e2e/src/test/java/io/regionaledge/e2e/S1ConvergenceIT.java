package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.RecordSet;
import io.regionaledge.testkit.route53.ZoneSnapshot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

@Order(1)
class S1ConvergenceIT {
  @RegisterExtension
  static final WorldExtension WORLD = new WorldExtension();
  private static World world;

  @BeforeAll
  static void world() {
    world = WORLD.world();
  }

  @Test
  void theSameResourceAppliedInBothClustersConvergesToReadyTwoOfTwoInEachRegion() {
    for (Cluster cluster : world.clusters()) {
      Checks.await(cluster.region() + " status Ready 2/2", Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
        RegionalEdge edge = cluster.get(World.NAMESPACE, SharedWorld.NAME);
        return edge.getStatus() != null && "2/2".equals(edge.getStatus().getReady())
            && Conditions.isTrue(edge, "Ready");
      });
      RegionalEdge edge = cluster.get(World.NAMESPACE, SharedWorld.NAME);
      assertThat(edge.getStatus().getRegion()).isEqualTo(cluster.region());
      assertThat(edge.getStatus().getInstances()).hasSize(2).allMatch(i -> Boolean.TRUE.equals(i.getReady()));
    }
  }

  @Test
  void theZoneHoldsExactlyTheExpectedTree() {
    ZoneSnapshot zone = world.zone();
    for (Cluster cluster : world.clusters()) {
      String region = cluster.region();
      RecordSet latency = zone.find(World.HOSTNAME, "A", region).orElseThrow();
      assertThat(latency.region()).isEqualTo(region);
      assertThat(latency.alias().dnsName()).isEqualTo("proxy-" + region + "-" + World.HOSTNAME + ".");
      assertThat(latency.alias().evaluateTargetHealth()).isTrue();
      assertThat(Checks.weightedAddresses(zone, region, World.HOSTNAME))
          .containsExactlyInAnyOrderElementsOf(cluster.standIn().pods().stream()
              .map(PodState::nodeAddress).toList());
    }
    System.out.println(RecordTable.render(zone));
    // nothing else: per region one latency member, two weighted members, instance and ownership records
    for (RecordSet r : zone.userRecords()) {
      assertThat(world.clusters().stream().anyMatch(c -> r.name().contains(c.region() + "-")
          || c.region().equals(r.setIdentifier()))).as("record belongs to a region: " + r).isTrue();
    }
  }

  @Test
  void eachRegionsClientIsServedByItsOwnRegionAndTwoResponsesInARowDiffer() {
    for (Cluster cluster : world.clusters()) {
      RegionClient client = world.client(cluster.region(), World.HOSTNAME, SharedWorld.PORT);
      RegionClient.Outcome first = client.get("/bundle.js");
      RegionClient.Outcome second = client.get("/bundle.js");
      assertThat(first.ok()).as(first.toString()).isTrue();
      assertThat(first.servedBy()).isEqualTo(cluster.region());
      assertThat(second.servedBy()).isEqualTo(cluster.region());
      assertThat(second.body()).isNotEqualTo(first.body());
    }
  }
}
