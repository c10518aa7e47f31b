package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.HealthCheckObservation;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/**
 * GetHealthCheckStatus as Route53 answers it: one observation per checker region, from what the
 * probes really saw.
 */
class CheckerRegionsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final List<String> ROUTE53_CHECKER_REGIONS =
      List.of(
          "us-east-1",
          "us-west-1",
          "us-west-2",
          "eu-west-1",
          "ap-southeast-1",
          "ap-southeast-2",
          "ap-northeast-1",
          "sa-east-1");

  private Route53Simulator sim;
  private Route53Client r53;
  private SniOnlyHttpsServer backend;

  @BeforeEach
  void start() throws Exception {
    sim =
        Route53Simulator.builder()
            .healthCheckInterval(Duration.ofMillis(100))
            .probeTimeout(Duration.ofMillis(500))
            .allowNonPublicHealthCheckAddresses("127.0.0.0/8")
            .throttling(Throttling.route53().timesFaster(20))
            .start();
    r53 = Sdk.client(sim);
    backend = new SniOnlyHttpsServer("fast.example.com");
  }

  @AfterEach
  void stop() {
    backend.close();
    r53.close();
    sim.close();
  }

  private String create(String ref, int port) {
    HealthCheckConfig c =
        HealthCheckConfig.builder()
            .type(HealthCheckType.HTTPS)
            .ipAddress("127.0.0.1")
            .port(port)
            .resourcePath("/healthz")
            .fullyQualifiedDomainName("fast.example.com")
            .enableSNI(true)
            .requestInterval(10)
            .failureThreshold(2)
            .build();
    return r53.createHealthCheck(b -> b.callerReference(ref).healthCheckConfig(c))
        .healthCheck()
        .id();
  }

  private Map<String, String> statusByRegion(String id) {
    return r53.getHealthCheckStatus(b -> b.healthCheckId(id)).healthCheckObservations().stream()
        .collect(
            Collectors.toMap(
                HealthCheckObservation::regionAsString, o -> o.statusReport().status()));
  }

  @Test
  void everyCheckerRegionReportsWithItsOwnAddressAndTheProbesRealResult() {
    String id = create("all", backend.port());
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.HEALTHY);
    List<HealthCheckObservation> observations =
        r53.getHealthCheckStatus(b -> b.healthCheckId(id)).healthCheckObservations();
    assertThat(observations)
        .extracting(HealthCheckObservation::regionAsString)
        .containsExactlyInAnyOrderElementsOf(ROUTE53_CHECKER_REGIONS);
    assertThat(observations)
        .allSatisfy(
            o -> {
              assertThat(o.ipAddress()).startsWith("15.177.");
              assertThat(o.statusReport().status()).isEqualTo("Success: HTTP Status Code 200, OK");
              assertThat(o.statusReport().checkedTime()).isNotNull();
            });
    assertThat(observations).extracting(HealthCheckObservation::ipAddress).doesNotHaveDuplicates();

    backend.status.set(503);
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.UNHEALTHY);
    assertThat(statusByRegion(id).values())
        .containsOnly("Failure: HTTP Status Code 503, Service Unavailable");
  }

  @Test
  void checkersAFirewallDropsReportTimeoutsAndTheCheckFailsOnceTooFewSeeItHealthy() {
    String id = create("blocked", backend.port());
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.HEALTHY);

    // a security group that lets in only some of Route53's checker ranges
    sim.blockCheckers("127.0.0.1", "us-west-1", "sa-east-1", "ap-southeast-2");
    await().atMost(WAIT).until(() -> statusByRegion(id).get("sa-east-1").startsWith("Failure"));
    Map<String, String> byRegion = statusByRegion(id);
    assertThat(byRegion.get("us-west-1"))
        .isEqualTo(
            "Failure: Connection timed out. The endpoint or the internet "
                + "connection is down, or requests are being blocked by your firewall. See "
                + "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-router-firewall-rules.html");
    assertThat(byRegion.get("us-east-1")).startsWith("Success: HTTP Status Code 200");
    assertThat(sim.checkerReports(id)).isEqualTo(byRegion);
    // five of eight checkers (more than 18%) still see it healthy
    assertThat(sim.isHealthy(id)).isTrue();
    assertThat(
            r53.getHealthCheckLastFailureReason(b -> b.healthCheckId(id)).healthCheckObservations())
        .extracting(HealthCheckObservation::regionAsString)
        .containsExactlyInAnyOrder("us-west-1", "sa-east-1", "ap-southeast-2");

    // only us-east-1 gets through: one of eight is 12.5%, not more than 18%, so Route53 calls it
    // unhealthy
    sim.blockCheckers("127.0.0.1", ROUTE53_CHECKER_REGIONS.subList(1, 8).toArray(String[]::new));
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.UNHEALTHY);
    assertThat(statusByRegion(id).get("us-east-1")).startsWith("Success");
    assertThat(sim.isHealthy(id)).isFalse();

    sim.unblockCheckers("127.0.0.1");
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.HEALTHY);
    assertThat(statusByRegion(id).values()).allMatch(s -> s.startsWith("Success"));
  }

  @Test
  void aClosedPortIsReportedAsARefusedConnectionNotAJavaException() throws Exception {
    int closed;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String id = create("closed", closed);
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.UNHEALTHY);
    assertThat(statusByRegion(id).values())
        .allMatch(s -> s.startsWith("Failure: Connection refused."))
        .noneMatch(s -> s.contains("Exception"));
  }

  @Test
  void blockingAnUnknownCheckerRegionIsRefused() {
    assertThatThrownBy(() -> sim.blockCheckers("127.0.0.1", "eu-central-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eu-central-1");
    assertThat(Route53Simulator.checkerRegions())
        .containsExactlyElementsOf(ROUTE53_CHECKER_REGIONS);
  }

  @Test
  void getHealthCheckStatusHasItsOwnBucketOfFourRefillingAtOnePerSecond() {
    try (Route53Simulator real =
            Route53Simulator.builder()
                .probing(false)
                .allowNonPublicHealthCheckAddresses("127.0.0.0/8")
                .start();
        Route53Client client = Sdk.noRetries(real)) {
      String id =
          real.createHealthCheck(
                  "ref",
                  io.regionaledge.testkit.route53.HealthCheckConfig.https(
                      "127.0.0.1", 443, "/healthz", "fast.example.com"))
              .id();
      for (int i = 0; i < 4; i++) client.getHealthCheckStatus(b -> b.healthCheckId(id));
      assertThatThrownBy(() -> client.getHealthCheckStatus(b -> b.healthCheckId(id)))
          .isInstanceOfSatisfying(
              Route53Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling"));
      // other actions have their own bucket: the account bucket (50) is far from empty
      client.getHealthCheck(b -> b.healthCheckId(id));
    }
  }
}
