package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetRegion;

/** The RegionalEdge tree written through the SDK, routed by real HTTPS health checks. */
class FailoverIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Route53Simulator sim;
  private Route53Client r53;
  private SniOnlyHttpsServer east;
  private SniOnlyHttpsServer west;
  private String zone;

  @BeforeEach
  void start() throws Exception {
    // the servers probed listen on loopback, which Route53 itself would refuse to check
    sim =
        Route53Simulator.builder()
            .healthCheckInterval(Duration.ofMillis(100))
            .probeTimeout(Duration.ofMillis(500))
            .allowNonPublicHealthCheckAddresses("127.0.0.0/8")
            .start();
    r53 = Sdk.client(sim);
    zone = sim.createHostedZone("example.com");
    east = new SniOnlyHttpsServer("fast.example.com", "127.0.0.1");
    west = new SniOnlyHttpsServer("fast.example.com", "127.0.0.2");
    region("us-east-1", "127.0.0.1", east.port());
    region("eu-west-1", "127.0.0.2", west.port());
  }

  @AfterEach
  void stop() {
    east.close();
    west.close();
    r53.close();
    sim.close();
  }

  private void region(String region, String ip, int port) {
    String check =
        r53.createHealthCheck(
                b ->
                    b.callerReference("hc-" + region)
                        .healthCheckConfig(
                            c ->
                                c.type(HealthCheckType.HTTPS)
                                    .ipAddress(ip)
                                    .port(port)
                                    .resourcePath("/healthz")
                                    .fullyQualifiedDomainName("fast.example.com")
                                    .enableSNI(true)
                                    .requestInterval(10)
                                    .failureThreshold(2)))
            .healthCheck()
            .id();
    String set = "proxy-" + region + "-fast.example.com";
    ResourceRecordSet member =
        RecordSetsIT.weighted(set, "proxy0", 1, ip).toBuilder().healthCheckId(check).build();
    ResourceRecordSet latency =
        ResourceRecordSet.builder()
            .name("fast.example.com")
            .type("A")
            .setIdentifier(region)
            .region(ResourceRecordSetRegion.fromValue(region))
            .aliasTarget(
                AliasTarget.builder()
                    .hostedZoneId(zone)
                    .dnsName(set)
                    .evaluateTargetHealth(true)
                    .build())
            .build();
    r53.changeResourceRecordSets(
        b ->
            b.hostedZoneId(zone)
                .changeBatch(
                    cb ->
                        cb.changes(
                            List.of(
                                Change.builder()
                                    .action(ChangeAction.CREATE)
                                    .resourceRecordSet(member)
                                    .build(),
                                Change.builder()
                                    .action(ChangeAction.CREATE)
                                    .resourceRecordSet(latency)
                                    .build()))));
  }

  private List<String> answer(String client) {
    return sim.resolve(client, "fast.example.com").addresses();
  }

  @Test
  void clientsGoToTheirClosestRegionThenFailOverWhenItsChecksFailAndFailOpenWhenAllDo() {
    await()
        .atMost(WAIT)
        .until(
            () ->
                sim.healthChecks().stream()
                    .allMatch(h -> sim.healthStatus(h.id()) == HealthStatus.HEALTHY));
    assertThat(answer("us-east-1")).containsExactly("127.0.0.1");
    assertThat(answer("eu-central-1")).containsExactly("127.0.0.2");

    east.status.set(500);
    await().atMost(WAIT).until(() -> answer("us-east-1").equals(List.of("127.0.0.2")));

    west.close();
    await()
        .atMost(WAIT)
        .until(
            () ->
                sim.healthChecks().stream()
                    .allMatch(h -> sim.healthStatus(h.id()) == HealthStatus.UNHEALTHY));
    assertThat(answer("us-east-1")).containsExactly("127.0.0.1");
    assertThat(answer("eu-west-1")).containsExactly("127.0.0.2");

    east.status.set(200);
    await().atMost(WAIT).until(() -> answer("eu-west-1").equals(List.of("127.0.0.1")));
  }
}
