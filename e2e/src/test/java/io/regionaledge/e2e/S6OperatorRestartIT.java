package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.Fault;
import io.regionaledge.testkit.route53.HealthCheck;
import io.regionaledge.testkit.route53.RecordSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Order(6)
class S6OperatorRestartIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();
  static final String REGION = "us-east-1";
  static final String NAME = "restart";
  static final String HOST = "restart.example.com";
  static final int PORT = 9443;

  @Test
  void anOperatorKilledMidConvergenceConvergesAfterARestartWithNoDuplicateRecordsOrHealthChecks() {
    World world = WORLD.world();
    Cluster cluster = world.cluster(REGION);
    RegionalEdge edge = world.edge(NAME, HOST, PORT);
    edge.getSpec()
        .setRegions(
            edge.getSpec().getRegions().stream().filter(r -> r.getName().equals(REGION)).toList());
    world.createTlsSecrets(World.NAMESPACE, NAME + "-tls", HOST);
    cluster.apply(edge);
    try {
      // hold it mid-way: record changes fail while health checks can still be created
      world
          .route53()
          .faults()
          .failSteadily(Fault.INTERNAL_FAILURE, 1.0, "ChangeResourceRecordSets");
      Checks.await(
          "a health check created for " + HOST,
          Duration.ofSeconds(60),
          Duration.ofMillis(50),
          () -> !checksFor(world).isEmpty());
      cluster.stopOperator();
      Set<String> createdBeforeKill = ids(checksFor(world));
      world.route53().faults().clear();

      long restartedAt = System.nanoTime();
      cluster.startOperator();
      Checks.await(
          HOST + " converged after the restart",
          Duration.ofSeconds(60),
          Duration.ofMillis(100),
          () -> {
            RegionalEdge now = cluster.get(World.NAMESPACE, NAME);
            return now.getStatus() != null
                && "2/2".equals(now.getStatus().getReady())
                && Conditions.isTrue(now, "Ready")
                && Checks.weightedAddresses(world.zone(), REGION, HOST).size() == 2;
          });
      Results.record(
          "6 operator restart",
          "convergence after the restarted operator came up",
          Duration.ofNanos(System.nanoTime() - restartedAt));

      List<HealthCheck> checks = checksFor(world);
      assertThat(checks).as("one health check per instance").hasSize(2);
      assertThat(ids(checks)).containsAll(createdBeforeKill);
      List<RecordSet> weighted = world.zone().at("proxy-" + REGION + "-" + HOST, "A");
      assertThat(weighted).hasSize(2);
      assertThat(weighted.stream().map(RecordSet::healthCheckId).collect(Collectors.toSet()))
          .containsExactlyInAnyOrderElementsOf(ids(checks));
      assertThat(world.zone().find(HOST, "A", REGION)).isPresent();
      assertThat(world.zone().records().stream().map(RecordSet::key).distinct().count())
          .isEqualTo(world.zone().records().size());
    } finally {
      world.route53().faults().clear();
      if (!cluster.operatorRunning()) {
        cluster.startOperator();
      }
      cluster.delete(World.NAMESPACE, NAME);
      Checks.await(
          HOST + " cleaned up",
          Duration.ofSeconds(60),
          Duration.ofMillis(200),
          () ->
              checksFor(world).isEmpty()
                  && world.zone().at(HOST, "A").isEmpty()
                  && cluster.standIn().pods().stream()
                      .noneMatch(p -> p.name().startsWith(NAME + "-")));
    }
  }

  static List<HealthCheck> checksFor(World world) {
    return world.route53().healthChecks().stream()
        .filter(c -> HOST.equals(c.config().fullyQualifiedDomainName()))
        .toList();
  }

  static Set<String> ids(List<HealthCheck> checks) {
    return checks.stream().map(HealthCheck::id).collect(Collectors.toSet());
  }
}
