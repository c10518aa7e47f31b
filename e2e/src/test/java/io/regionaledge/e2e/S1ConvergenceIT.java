package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.HealthCheck;
import io.regionaledge.testkit.route53.RecordSet;
import io.regionaledge.testkit.route53.ZoneSnapshot;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Order(1)
class S1ConvergenceIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();
  private static World world;

  @BeforeAll
  static void world() {
    world = WORLD.world();
  }

  @Test
  void theSameResourceAppliedInBothClustersConvergesToReadyTwoOfTwoInEachRegion() {
    for (Cluster cluster : world.clusters()) {
      Checks.await(
          cluster.region() + " status Ready 2/2",
          Duration.ofSeconds(30),
          Duration.ofMillis(200),
          () -> {
            RegionalEdge edge = cluster.get(World.NAMESPACE, SharedWorld.NAME);
            return edge.getStatus() != null
                && "2/2".equals(edge.getStatus().getReady())
                && Conditions.isTrue(edge, "Ready");
          });
      RegionalEdge edge = cluster.get(World.NAMESPACE, SharedWorld.NAME);
      assertThat(edge.getStatus().getRegion()).isEqualTo(cluster.region());
      assertThat(edge.getStatus().getInstances())
          .hasSize(2)
          .allMatch(i -> Boolean.TRUE.equals(i.getReady()));
    }
  }

  @Test
  void theZoneHoldsExactlyTheExpectedTree() {
    ZoneSnapshot zone = world.zone();
    for (Cluster cluster : world.clusters()) {
      String region = cluster.region();
      RecordSet latency = zone.find(World.HOSTNAME, "A", region).orElseThrow();
      assertThat(latency.region()).isEqualTo(region);
      assertThat(latency.alias().dnsName())
          .isEqualTo("proxy-" + region + "-" + World.HOSTNAME + ".");
      assertThat(latency.alias().evaluateTargetHealth()).isTrue();
      assertThat(Checks.weightedAddresses(zone, region, World.HOSTNAME))
          .containsExactlyInAnyOrderElementsOf(
              cluster.standIn().pods().stream().map(PodState::nodeAddress).toList());
    }
    System.out.println(RecordTable.render(zone));
    // exactly: per region its latency member, two weighted members, two instance records and its
    // ownership record
    Set<RecordSet.Key> expected = new HashSet<>();
    for (Cluster cluster : world.clusters()) {
      String r = cluster.region();
      expected.add(new RecordSet.Key(World.HOSTNAME + ".", "A", r));
      expected.add(new RecordSet.Key("proxy-" + r + "-" + World.HOSTNAME + ".", "A", "proxy1"));
      expected.add(new RecordSet.Key("proxy-" + r + "-" + World.HOSTNAME + ".", "A", "proxy2"));
      expected.add(new RecordSet.Key("proxy1-" + r + "-" + World.HOSTNAME + ".", "A", null));
      expected.add(new RecordSet.Key("proxy2-" + r + "-" + World.HOSTNAME + ".", "A", null));
      expected.add(
          new RecordSet.Key("_regionaledge.proxy-" + r + "-" + World.HOSTNAME + ".", "TXT", null));
    }
    assertThat(zone.userRecords().stream().map(RecordSet::key))
        .containsExactlyInAnyOrderElementsOf(expected);

    // one HTTPS health check with SNI per instance, on its public address and port, each bound to
    // its member
    List<HealthCheck> checks = world.route53().healthChecks();
    assertThat(checks).hasSize(2 * world.clusters().size());
    for (HealthCheck check : checks) {
      assertThat(check.config().type()).isEqualTo("HTTPS");
      assertThat(check.config().enableSni()).isTrue();
      assertThat(check.config().fullyQualifiedDomainName()).isEqualTo(World.HOSTNAME);
      assertThat(check.config().port()).isEqualTo(SharedWorld.PORT);
      assertThat(check.config().resourcePath()).isEqualTo("/.well-known/regionaledge/health");
    }
    List<String> bound =
        zone.userRecords().stream()
            .filter(r -> "weighted".equals(r.routing()))
            .map(RecordSet::healthCheckId)
            .toList();
    assertThat(bound)
        .containsExactlyInAnyOrderElementsOf(checks.stream().map(HealthCheck::id).toList());
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

  @Test
  void aConvergedWorldWritesNothingToEitherApiServerThroughAFullResync() {
    Duration resync = world.config().maxReconcileInterval();
    int[] marks = world.clusters().stream().mapToInt(c -> c.apiCalls().size()).toArray();
    long start = System.nanoTime();
    Checks.await(
        "one full resync period",
        resync.plusSeconds(2),
        Duration.ofMillis(500),
        () -> System.nanoTime() - start > resync.plusSeconds(1).toNanos());
    int i = 0;
    for (Cluster cluster : world.clusters()) {
      var calls = cluster.apiCalls();
      List<String> writes =
          calls.subList(marks[i++], calls.size()).stream()
              .filter(
                  c ->
                      c.user().equals(Cluster.OPERATOR.name())
                          && c.isWrite()
                          && !c.request().resource().equals("leases"))
              .map(c -> c.method() + " " + c.request().path())
              .toList();
      long renewals =
          calls.stream()
              .filter(
                  c ->
                      c.user().equals(Cluster.OPERATOR.name())
                          && c.request().resource().equals("leases")
                          && c.method().equals("PATCH")
                          && c.code() == 200)
              .count();
      assertThat(writes).as(cluster.region() + ": operator writes after convergence").isEmpty();
      assertThat(renewals)
          .as(cluster.region() + ": Lease renewals under the deployed RBAC")
          .isPositive();
      Results.record(
          "1 convergence",
          cluster.region()
              + " API writes by the operator in a "
              + resync.toSeconds()
              + " s steady state (Lease renewals aside): "
              + writes.size(),
          Duration.ZERO);
    }
  }
}
