package io.regionaledge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.dns.Route53Options;
import io.regionaledge.operator.reconciler.StatusConditions;
import io.regionaledge.testkit.route53.Route53Simulator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * --dry-run: the operator reconciles, observes and plans, shows the plan in status and events,
 * writes nothing to Route53.
 */
class DryRunIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aDryRunOperatorShowsThePlanInStatusAndAnEventAndMakesNoRoute53Write() throws Exception {
    try (MockCluster cluster = new MockCluster();
        Route53Simulator sim =
            Route53Simulator.builder()
                .host("127.0.0.1")
                .probing(false)
                .insyncDelay(Duration.ofMillis(100))
                .allowNonPublicHealthCheckAddresses("127.0.0.0/8")
                .start()) {
      String zone = sim.createHostedZone("example.com");
      cluster.node("a", "us-east-1", "127.0.62.1");
      cluster.node("b", "us-east-1", "127.0.62.2");
      Route53Options options =
          Route53Options.of(sim.endpoint(), 50, 50, 50, 50, Duration.ofMinutes(5))
              .allowNonPublic("127.0.0.0/8")
              .dryRun(true);
      RegionalEdgeOperator operator =
          new RegionalEdgeOperator(
              cluster.operatorClient,
              OperatorSettings.embedded("us-east-1"),
              options.build(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDDRY", "secret")),
                  options.budget()));
      try (operator) {
        operator.start();
        OperatorLifecycleIT.apply(cluster);
        Deployment d = OperatorLifecycleIT.awaitDeployment(cluster);
        cluster.runPods(d, List.of("a", "b"), true);

        Condition dns =
            await()
                .atMost(WAIT)
                .until(
                    () -> dnsSynced(cluster),
                    c ->
                        c.isPresent()
                            && "DryRun".equals(c.get().getReason())
                            && c.get().getMessage().contains("create 2,"))
                .orElseThrow();
        assertThat(dns.getStatus()).isEqualTo("False");
        assertThat(dns.getMessage())
            .contains("dry run, nothing written")
            .contains("create 2, update 0 and delete 0 health checks")
            .contains("CREATE")
            .contains("1 batch(es)");
        Event event =
            await()
                .atMost(WAIT)
                .until(
                    () ->
                        cluster.client.v1().events().inNamespace("web").list().getItems().stream()
                            .filter(e -> "DnsDryRun".equals(e.getReason()))
                            .reduce((a, b) -> b),
                    Optional::isPresent)
                .get();
        assertThat(event.getType()).isEqualTo("Normal");
        assertThat(event.getMessage()).contains("create 2,");

        assertThat(sim.counters().writes()).as("no Route53 write at all").isZero();
        assertThat(sim.healthChecks()).isEmpty();
        assertThat(sim.snapshot(zone).userRecords()).isEmpty();
      }
    }
  }

  static Optional<Condition> dnsSynced(MockCluster cluster) {
    RegionalEdge e =
        cluster.client.resources(RegionalEdge.class).inNamespace("web").withName("fast").get();
    return e == null || e.getStatus() == null
        ? Optional.empty()
        : StatusConditions.find(e.getStatus().getConditions(), StatusConditions.DNS_SYNCED);
  }
}
