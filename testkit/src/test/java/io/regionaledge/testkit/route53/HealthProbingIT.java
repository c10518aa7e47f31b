package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.HealthCheckType;

class HealthProbingIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Route53Simulator sim;
  private Route53Client r53;
  private SniOnlyHttpsServer backend;

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
    backend = new SniOnlyHttpsServer("fast.example.com");
  }

  @AfterEach
  void stop() {
    backend.close();
    r53.close();
    sim.close();
  }

  private String create(String ref, boolean sni, int port) {
    HealthCheckConfig c =
        HealthCheckConfig.builder()
            .type(HealthCheckType.HTTPS)
            .ipAddress("127.0.0.1")
            .port(port)
            .resourcePath("/healthz")
            .fullyQualifiedDomainName("fast.example.com")
            .enableSNI(sni)
            .requestInterval(10)
            .failureThreshold(2)
            .build();
    return r53.createHealthCheck(b -> b.callerReference(ref).healthCheckConfig(c))
        .healthCheck()
        .id();
  }

  @Test
  void anHttpsCheckWithSniGoesHealthyThenFollowsTheEndpointsStatus() {
    String id = create("sni", true, backend.port());
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.HEALTHY);
    assertThat(backend.sniSeen).contains("fast.example.com");
    assertThat(backend.hosts).contains("fast.example.com:" + backend.port());
    assertThat(
            r53.getHealthCheckStatus(b -> b.healthCheckId(id))
                .healthCheckObservations()
                .get(0)
                .statusReport()
                .status())
        .startsWith("Success: HTTP Status Code 200");

    backend.status.set(503);
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.UNHEALTHY);
    assertThat(sim.isHealthy(id)).isFalse();
    assertThat(sim.lastProbe(id)).get().extracting(ProbeResult::report).asString().contains("503");

    backend.status.set(302);
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.HEALTHY);
  }

  @Test
  void theProberSpeaksTls12OnlyAsRoute53sCheckersDoSoATls13OnlyEndpointFails() throws Exception {
    String ok = create("tls12", true, backend.port());
    await().atMost(WAIT).until(() -> sim.healthStatus(ok) == HealthStatus.HEALTHY);
    assertThat(backend.protocolsSeen).isNotEmpty().containsOnly("TLSv1.2");
    try (SniOnlyHttpsServer tls13 =
        new SniOnlyHttpsServer("fast.example.com", "127.0.0.1", new String[] {"TLSv1.3"})) {
      String id = create("tls13", true, tls13.port());
      await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.UNHEALTHY);
      assertThat(tls13.hosts).isEmpty();
    }
  }

  @Test
  void withoutSniAnSniOnlyEndpointFailsTheCheck() {
    String id = create("no-sni", false, backend.port());
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.UNHEALTHY);
    assertThat(backend.sniSeen).isNotEmpty().allMatch(String::isEmpty);
    assertThat(backend.hosts).isEmpty();
  }

  @Test
  void anUnreachableAddressCountsAsFailure() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String id = create("closed", true, closedPort);
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.UNHEALTHY);
    // A new check counts as healthy until its threshold of failures is reached; now it is not.
    assertThat(sim.isHealthy(id)).isFalse();
  }

  @Test
  void aStoppedEndpointTurnsUnhealthyAndADeletedCheckStopsBeingProbed() throws Exception {
    String id = create("stop", true, backend.port());
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.HEALTHY);
    backend.close();
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.UNHEALTHY);

    r53.deleteHealthCheck(b -> b.healthCheckId(id));
    assertThat(sim.healthStatus(id)).isEqualTo(HealthStatus.UNKNOWN);
  }

  @Test
  void tcpAndHttpChecksProbeTheirOwnWay() throws Exception {
    try (ServerSocket listener =
        new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      HealthCheckConfig tcp =
          HealthCheckConfig.builder()
              .type(HealthCheckType.TCP)
              .ipAddress("127.0.0.1")
              .port(listener.getLocalPort())
              .requestInterval(10)
              .failureThreshold(1)
              .build();
      String id =
          r53.createHealthCheck(b -> b.callerReference("tcp").healthCheckConfig(tcp))
              .healthCheck()
              .id();
      await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.HEALTHY);
    }
    // Plain HTTP against the TLS server gets no valid HTTP response back.
    HealthCheckConfig http =
        HealthCheckConfig.builder()
            .type(HealthCheckType.HTTP)
            .ipAddress("127.0.0.1")
            .port(backend.port())
            .resourcePath("/healthz")
            .requestInterval(10)
            .failureThreshold(1)
            .build();
    String id =
        r53.createHealthCheck(b -> b.callerReference("http").healthCheckConfig(http))
            .healthCheck()
            .id();
    await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.UNHEALTHY);
  }

  @Test
  void aCheckWithOnlyAnFqdnProbesTheAddressTheSimulatedZonesGiveIt() throws Exception {
    try (SniOnlyHttpsServer named = new SniOnlyHttpsServer("probe.example.com")) {
      String zone = sim.createHostedZone("example.com");
      sim.apply(zone, Change.create(RecordSet.simple("probe.example.com", "A", 60, "127.0.0.1")));
      HealthCheckConfig c =
          HealthCheckConfig.builder()
              .type(HealthCheckType.HTTPS)
              .port(named.port())
              .resourcePath("/healthz")
              .fullyQualifiedDomainName("probe.example.com")
              .enableSNI(true)
              .requestInterval(10)
              .failureThreshold(1)
              .build();
      String id =
          r53.createHealthCheck(b -> b.callerReference("fqdn").healthCheckConfig(c))
              .healthCheck()
              .id();
      await().atMost(WAIT).until(() -> sim.healthStatus(id) == HealthStatus.HEALTHY);
      assertThat(named.hosts).contains("probe.example.com:" + named.port());
    }
  }
}
