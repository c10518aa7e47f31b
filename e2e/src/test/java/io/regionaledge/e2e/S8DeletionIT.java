package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.testkit.route53.HealthCheck;
import io.regionaledge.testkit.route53.RecordSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Last: it deletes what every other scenario uses. */
@Order(99)
class S8DeletionIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();
  static final String GONE = "us-east-1";
  static final String KEPT = "eu-west-1";

  @Test
  void deletingInOneClusterRemovesOnlyThatRegionAndDeletingInBothRestoresTheZone() {
    World world = WORLD.world();
    List<RecordSet> keptBefore = regionRecords(world.zone().userRecords(), KEPT);
    List<String> keptChecks = checksOf(world, KEPT);
    assertThat(keptChecks).hasSize(2);

    long start = System.nanoTime();
    world.cluster(GONE).delete(World.NAMESPACE, SharedWorld.NAME);
    Checks.await(
        GONE + " records and health checks gone",
        Duration.ofSeconds(60),
        Duration.ofMillis(100),
        () ->
            regionRecords(world.zone().userRecords(), GONE).isEmpty()
                && checksOf(world, GONE).isEmpty());
    Results.record(
        "8 deletion",
        "one region's records and health checks removed after delete",
        Duration.ofNanos(System.nanoTime() - start));
    assertThat(regionRecords(world.zone().userRecords(), KEPT))
        .containsExactlyInAnyOrderElementsOf(keptBefore);
    assertThat(checksOf(world, KEPT)).containsExactlyInAnyOrderElementsOf(keptChecks);
    for (Cluster c : world.clusters()) {
      RegionClient client = world.client(c.region(), World.HOSTNAME, SharedWorld.PORT);
      Checks.awaitServedBy(client, KEPT, Duration.ofSeconds(20));
    }
    Checks.await(
        "the deleted region's proxies stopped",
        Duration.ofSeconds(60),
        Duration.ofMillis(200),
        () -> world.cluster(GONE).standIn().pods().isEmpty());

    start = System.nanoTime();
    world.cluster(KEPT).delete(World.NAMESPACE, SharedWorld.NAME);
    Checks.await(
        "the zone back to what it was before the first apply",
        Duration.ofSeconds(60),
        Duration.ofMillis(100),
        () ->
            world.zone().records().equals(SharedWorld.instance().zoneBefore)
                && world.route53().healthChecks().isEmpty());
    Results.record(
        "8 deletion",
        "zone restored exactly after the second delete",
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Records this region owns: its latency member, its weighted set, instance and ownership records.
   */
  static List<RecordSet> regionRecords(List<RecordSet> records, String region) {
    return records.stream()
        .filter(
            r ->
                region.equals(r.setIdentifier())
                    || r.name().contains("-" + region + "-")
                    || r.name().startsWith(region + "-"))
        .toList();
  }

  static List<String> checksOf(World world, String region) {
    List<String> nodes = world.cluster(region).nodes().stream().map(NodeInfo::address).toList();
    return world.route53().healthChecks().stream()
        .filter(c -> nodes.contains(c.config().ipAddress()))
        .map(HealthCheck::id)
        .toList();
  }
}
