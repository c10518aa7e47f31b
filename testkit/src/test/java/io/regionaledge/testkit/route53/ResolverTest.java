package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The record tree RegionalEdge writes, resolved for clients in different regions. */
class ResolverTest {
  private Route53Simulator sim;
  private String zone;
  private final Map<String, String> checks = new HashMap<>();

  @BeforeEach
  void start() {
    // documentation addresses (RFC 5737) stand for public ones; probing is off
    sim =
        Route53Simulator.builder()
            .probing(false)
            .seed(42)
            .allowNonPublicHealthCheckAddresses("192.0.2.0/24", "198.51.100.0/24")
            .start();
    zone = sim.createHostedZone("example.com");
    region("us-east-1", "192.0.2.11", "192.0.2.12");
    region("eu-west-1", "198.51.100.21", "198.51.100.22");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  /**
   * fast -> latency alias (region) -> proxy-R weighted set, one member per instance with its check.
   */
  private void region(String region, String... ips) {
    String set = "proxy-" + region + "-fast.example.com";
    for (int i = 0; i < ips.length; i++) {
      String id =
          sim.createHealthCheck(
                  region + "-" + i,
                  HealthCheckConfig.https(ips[i], 443, "/healthz", "fast.example.com"))
              .id();
      checks.put(ips[i], id);
      sim.apply(
          zone,
          Change.create(
              new RecordSet(set, "A", "i-" + i, 1L, null, 60L, List.of(ips[i]), null, id)));
    }
    sim.apply(
        zone,
        Change.create(
            new RecordSet(
                "fast.example.com",
                "A",
                region,
                null,
                region,
                null,
                List.of(),
                new AliasTarget(zone, set, true),
                null)));
  }

  private Set<String> answers(String client, int times) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < times; i++)
      seen.addAll(sim.resolve(client, "fast.example.com").addresses());
    return seen;
  }

  @Test
  void aClientGetsAnInstanceOfTheClosestRegion() {
    assertThat(answers("us-east-1", 50)).containsExactlyInAnyOrder("192.0.2.11", "192.0.2.12");
    assertThat(answers("eu-central-1", 50))
        .containsExactlyInAnyOrder("198.51.100.21", "198.51.100.22");
    Answer a = sim.resolve("us-west-2", "FAST.example.com");
    assertThat(a.addresses()).hasSize(1).allMatch(ip -> ip.startsWith("192.0.2."));
    assertThat(a.ttl()).isEqualTo(60);
    assertThat(a.path()).first().isEqualTo("fast.example.com. A [us-east-1]");
  }

  @Test
  void weightedAnswersSkipUnhealthyMembers() {
    sim.forceHealth(checks.get("192.0.2.11"), false);
    assertThat(answers("us-east-1", 50)).containsExactly("192.0.2.12");
  }

  @Test
  void aRegionWithNoHealthyInstanceFailsOverToTheNextClosest() {
    sim.forceHealth(checks.get("192.0.2.11"), false);
    sim.forceHealth(checks.get("192.0.2.12"), false);
    assertThat(answers("us-east-1", 30))
        .containsExactlyInAnyOrder("198.51.100.21", "198.51.100.22");
    sim.unforceHealth(checks.get("192.0.2.12"));
    assertThat(answers("us-east-1", 30)).containsExactly("192.0.2.12");
  }

  @Test
  void whenEverythingIsUnhealthyRoute53FailsOpenToTheClosestRegion() {
    checks.values().forEach(id -> sim.forceHealth(id, false));
    assertThat(answers("us-east-1", 50)).containsExactlyInAnyOrder("192.0.2.11", "192.0.2.12");
    assertThat(answers("eu-west-1", 50))
        .containsExactlyInAnyOrder("198.51.100.21", "198.51.100.22");
  }

  @Test
  void weightsSplitTrafficAndZeroWeightsAnswerOnlyWhenNothingElseCan() {
    sim.apply(
        zone,
        Change.create(
            new RecordSet(
                "w.example.com", "A", "heavy", 3L, null, 60L, List.of("203.0.113.1"), null, null)),
        Change.create(
            new RecordSet(
                "w.example.com", "A", "light", 1L, null, 60L, List.of("203.0.113.2"), null, null)),
        Change.create(
            new RecordSet(
                "w.example.com", "A", "zero", 0L, null, 60L, List.of("203.0.113.3"), null, null)));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 400; i++)
      counts.merge(sim.resolve("us-east-1", "w.example.com").addresses().get(0), 1, Integer::sum);
    assertThat(counts).doesNotContainKey("203.0.113.3");
    assertThat(counts.get("203.0.113.1")).isGreaterThan(counts.get("203.0.113.2") * 2);

    sim.apply(
        zone,
        Change.create(
            new RecordSet(
                "z.example.com", "A", "a", 0L, null, 60L, List.of("203.0.113.4"), null, null)),
        Change.create(
            new RecordSet(
                "z.example.com", "A", "b", 0L, null, 60L, List.of("203.0.113.5"), null, null)));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) seen.addAll(sim.resolve("us-east-1", "z.example.com").addresses());
    assertThat(seen).containsExactlyInAnyOrder("203.0.113.4", "203.0.113.5");
  }

  @Test
  void cnameChainsAreFollowedAndUnknownNamesAreNxdomain() {
    sim.apply(
        zone, Change.create(RecordSet.simple("www.example.com", "CNAME", 300, "fast.example.com")));
    Answer a = sim.resolve("eu-west-1", "www.example.com");
    assertThat(a.cnames()).containsExactly("fast.example.com");
    assertThat(a.addresses()).hasSize(1).allMatch(ip -> ip.startsWith("198.51.100."));
    assertThat(sim.resolve("eu-west-1", "nope.example.com").rcode()).isEqualTo("NXDOMAIN");
    assertThat(sim.resolve("eu-west-1", "elsewhere.org").rcode()).isEqualTo("NXDOMAIN");
    assertThatThrownBy(() -> sim.resolve("mars-north-1", "fast.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("us-east-1");
  }

  @Test
  void theResolverAndTheZonesAreServedAsJsonForHumans() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        sim.endpoint() + "/_sim/resolve?region=eu-west-1&name=fast.example.com"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"rcode\":\"NOERROR\"").contains("198.51.100.");
    HttpResponse<String> z =
        http.send(
            HttpRequest.newBuilder(URI.create(sim.endpoint() + "/_sim/zones")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(z.body())
        .contains("proxy-us-east-1-fast.example.com.")
        .contains("\"evaluateTargetHealth\":true");
    HttpResponse<String> all =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(sim.endpoint() + "/_sim/resolve?name=fast.example.com"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(all.body())
        .contains("\"ap-southeast-1\":[\"198.51.100.")
        .contains("\"us-west-2\":[\"192.0.2.");
    HttpResponse<String> bad =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(sim.endpoint() + "/_sim/resolve?region=nowhere&name=x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void withUnknownCountedUnhealthyOnlyProvenInstancesAreAnswered() {
    try (Route53Simulator strict =
        Route53Simulator.builder()
            .probing(false)
            .unknownIsHealthy(false)
            .allowNonPublicHealthCheckAddresses("192.0.2.0/24", "198.51.100.0/24")
            .start()) {
      sim.close();
      sim = strict;
      zone = sim.createHostedZone("example.com");
      assertThat(sim.zoneId("example.com.")).isEqualTo(zone);
      checks.clear();
      region("us-east-1", "192.0.2.11", "192.0.2.12");
      region("eu-west-1", "198.51.100.21", "198.51.100.22");
      assertThat(answers("us-east-1", 30))
          .containsExactlyInAnyOrder("192.0.2.11", "192.0.2.12"); // fail-open
      sim.forceHealth(checks.get("198.51.100.21"), true);
      assertThat(answers("us-east-1", 30)).containsExactly("198.51.100.21");
    }
  }
}
