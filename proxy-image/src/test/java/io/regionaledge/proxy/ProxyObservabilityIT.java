package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy jar as shipped: its own logs are JSON lines with a timestamp on stderr by default, and
 * every proxy metric that deploy/monitoring's alerts and dashboard use is on its real /metrics.
 */
class ProxyObservabilityIT {
  static final String BACKEND_NAME = "us-east-1-fast.example.com";
  static final Path MONITORING = Path.of("..", "deploy", "monitoring");
  static final Pattern LISTENING =
      Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+) .* admin on /127\\.0\\.0\\.1:(\\d+)");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void byDefaultItsOwnLogsAreJsonLinesAndEveryProxyMetricTheMonitoringFilesUseIsServed()
      throws Exception {
    Instant before = Instant.now();
    try (GatewayBackend backend = new GatewayBackend(BACKEND_NAME).start(0)) {
      Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
      try (ProxyProcess proxy =
          ProxyProcess.launch(
              dir,
              List.of("-Xmx64m", "-DREGIONALEDGE_LOG_FORMAT=json"),
              List.of(
                  "--listen",
                  "127.0.0.1:0",
                  "--admin-listen",
                  "127.0.0.1:0",
                  "--cert",
                  cert.toString(),
                  "--key",
                  dir.resolve("public.key").toString(),
                  "--backend",
                  BACKEND_NAME,
                  "--backend-address",
                  "127.0.0.1:" + backend.port(),
                  "--backend-ca",
                  TestPki.writeCa(dir).toString()))) {
        int adminPort = -1;
        List<JsonNode> lines = new ArrayList<>();
        for (int i = 0; i < 600 && adminPort < 0; i++) { // 30 s at most
          Thread.sleep(50);
          lines.clear();
          for (String line : proxy.stderrText().lines().filter(l -> !l.isBlank()).toList()) {
            lines.add(JSON.readTree(line)); // any line that is not a JSON object fails here
          }
          for (JsonNode l : lines) {
            Matcher m = LISTENING.matcher(l.path("formattedMessage").asText());
            if (m.find()) {
              adminPort = Integer.parseInt(m.group(2));
            }
          }
        }
        assertThat(adminPort).as("a JSON 'listening' line in: " + proxy.stderrText()).isPositive();
        assertThat(lines)
            .allSatisfy(
                l -> {
                  assertThat(l.path("timestamp").asLong())
                      .isBetween(before.toEpochMilli() - 1000, Instant.now().toEpochMilli());
                  assertThat(l.path("level").asText()).isIn("DEBUG", "INFO", "WARN", "ERROR");
                  assertThat(l.path("loggerName").asText()).startsWith("io.");
                });

        String scrape = Admin.get(adminPort, "/metrics").body();
        Set<String> served = new TreeSet<>();
        Matcher names = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (names.find()) {
          served.add(names.group(1));
        }
        Set<String> used = new TreeSet<>();
        for (String file : List.of("prometheusrule.yaml", "grafana-dashboard.json")) {
          Matcher m =
              Pattern.compile("regionaledge_proxy_[a-z0-9_]+")
                  .matcher(Files.readString(MONITORING.resolve(file)));
          while (m.find()) {
            used.add(m.group());
          }
        }
        assertThat(used).as("proxy metrics in deploy/monitoring").hasSizeGreaterThan(3);
        assertThat(served).containsAll(used);
      }
    }
  }
}
