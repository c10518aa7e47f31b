package io.regionaledge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.regionaledge.testkit.route53.Route53Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar's logs as an SRE's log pipeline gets them: by default every line of its output is
 * one JSON object with a timestamp, and the lines logged while reconciling carry JOSDK's MDC (the
 * resource's namespace and name); {@code --log-format=plain} gives the same as text.
 */
class OperatorLogsIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * Runs the jar until it has written the example's first Route53 batch, then stops it; returns its
   * output.
   */
  static List<String> runUntilDnsWritten(String... extraArgs) throws Exception {
    try (MockCluster cluster = new MockCluster();
        Route53Simulator sim =
            Route53Simulator.builder().host("127.0.0.1").probing(false).start()) {
      sim.createHostedZone("example.com");
      cluster.node("a", "us-east-1", "127.0.60.1");
      cluster.namespace("web");
      cluster.tlsSecret("web", "fast-example-com-tls");
      Files.createDirectories(Path.of("target"));
      Path log =
          Files.createTempFile(
              Path.of("target"), "operator-logs-", ".log"); // kept for a look after a failure
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--admin-port=-1",
                  "--no-leader-election",
                  "--route53-endpoint=" + sim.endpoint()));
      args.addAll(List.of(extraArgs));
      Process p =
          OperatorProcessIT.launch(
              cluster,
              log,
              java.util.Map.of(
                  "AWS_ACCESS_KEY_ID", "AKIDLOGSTEST", "AWS_SECRET_ACCESS_KEY", "logs-test-secret"),
              args.toArray(String[]::new));
      try {
        try (InputStream in =
            Files.newInputStream(MockCluster.REPO.resolve("deploy/examples/fast.yaml"))) {
          cluster.apply("web", in);
        }
        Deployment d =
            await()
                .atMost(WAIT)
                .until(
                    () ->
                        cluster
                            .client
                            .apps()
                            .deployments()
                            .inNamespace("web")
                            .withName("fast-proxy")
                            .get(),
                    x -> x != null);
        cluster.runPods(d, List.of("a"), true);
        await().atMost(WAIT).until(() -> read(log).contains("changes, change"));
      } finally {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      return Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
    }
  }

  static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void byDefaultEveryLineIsJsonWithATimestampAndReconcileLinesNameTheResource() throws Exception {
    Instant before = Instant.now();
    List<String> lines = runUntilDnsWritten();
    List<JsonNode> events = new ArrayList<>();
    for (String line : lines) {
      events.add(JSON.readTree(line)); // throws on any line that is not one JSON object
    }
    assertThat(events)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.path("timestamp").asLong())
                  .as("epoch millis in %s", e)
                  .isBetween(before.toEpochMilli() - 1000, Instant.now().toEpochMilli());
              assertThat(e.path("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
              assertThat(e.path("loggerName").asText()).isNotEmpty();
            });
    assertThat(events)
        .filteredOn(
            e -> e.path("formattedMessage").asText().contains("started for region us-east-1"))
        .hasSize(1);
    List<JsonNode> dnsWrites =
        events.stream()
            .filter(
                e ->
                    e.path("formattedMessage")
                        .asText()
                        .matches("Route53 web/fast us-east-1: \\d+ changes.*"))
            .toList();
    assertThat(dnsWrites)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.path("mdc").path("resource.namespace").asText()).isEqualTo("web");
              assertThat(e.path("mdc").path("resource.name").asText()).isEqualTo("fast");
              assertThat(e.path("mdc").path("resource.kind").asText()).isEqualTo("RegionalEdge");
            });
  }

  @Test
  void withLogFormatPlainLinesAreTextWithATimestampAndTheResource() throws Exception {
    List<String> lines = runUntilDnsWritten("--log-format=plain");
    assertThat(lines).noneMatch(l -> l.startsWith("{"));
    assertThat(lines)
        .filteredOn(l -> l.contains("Route53 web/fast us-east-1:"))
        .isNotEmpty()
        .allMatch(
            l ->
                l.matches(
                    "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO .*"
                        + " \\[web/fast\\] - Route53 web/fast us-east-1: .*"),
            "timestamp, level, [namespace/name], message");
    assertThat(lines).anyMatch(l -> l.contains("started for region us-east-1"));
  }
}
