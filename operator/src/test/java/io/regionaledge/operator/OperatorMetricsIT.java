package io.regionaledge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.regionaledge.operator.dns.RequestBudget;
import io.regionaledge.operator.dns.Route53DnsSync;
import io.regionaledge.operator.dns.Route53Options;
import io.regionaledge.operator.dns.Route53Watch;
import io.regionaledge.testkit.route53.Fault;
import io.regionaledge.testkit.route53.HealthCheckConfig;
import io.regionaledge.testkit.route53.Route53Simulator;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The operator's real /metrics after it synced the example through the SDK to the Route53
 * simulator: the Route53 request, change and throttle counters, sync outcomes, last success, health
 * checks held and proxy readiness; and every metric the files in deploy/monitoring use is there
 * (the proxy's own ones are checked against a real proxy in the proxy module).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorMetricsIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Path MONITORING = MockCluster.REPO.resolve("deploy/monitoring");
  static MockCluster cluster;
  static Route53Simulator sim;
  static RegionalEdgeOperator operator;
  static List<Pod> pods;
  static Route53Watch watch;
  static final int QUOTA = 10;

  @BeforeAll
  static void syncTheExample() throws Exception {
    cluster = new MockCluster();
    // Route53's rules, with INSYNC quick and the loopback node addresses allowed explicitly.
    sim =
        Route53Simulator.builder()
            .host("127.0.0.1")
            .probing(false)
            .insyncDelay(Duration.ofMillis(100))
            .allowNonPublicHealthCheckAddresses("127.0.0.0/8")
            .healthCheckQuota(QUOTA)
            .start();
    sim.createHostedZone("example.com");
    // other users of the account: with the example's two checks, 9 of 10 are in use (within 10 %)
    for (int i = 0; i < QUOTA - 3; i++) {
      sim.createHealthCheck(
          "someone-else-" + i, HealthCheckConfig.https("127.0.99." + (i + 1), 443, "/", null));
    }
    cluster.node("a", "us-east-1", "127.0.61.1");
    cluster.node("b", "us-east-1", "127.0.61.2");
    Route53Options options =
        Route53Options.of(sim.endpoint(), 50, 50, 50, 50, Duration.ofMinutes(5))
            .allowNonPublic("127.0.0.0/8")
            .refresh(Duration.ofMillis(200), Duration.ofMillis(200));
    RequestBudget budget = options.budget();
    Route53DnsSync sync =
        options.build(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDMETRICS", "secret")),
            budget);
    watch = sync.watch().start();
    operator =
        new RegionalEdgeOperator(
                cluster.operatorClient, OperatorSettings.embedded("us-east-1"), sync)
            .withMetrics(budget::bindTo)
            .withMetrics(watch::bindTo);
    operator.start();
    OperatorLifecycleIT.apply(cluster);
    Deployment d = OperatorLifecycleIT.awaitDeployment(cluster);
    pods = cluster.runPods(d, List.of("a", "b"), true);
    await()
        .atMost(WAIT)
        .until(() -> value(scrape(), "regionaledge_dns_synced", "name=\"fast\"") == 1.0);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (watch != null) {
      watch.close();
    }
    if (sim != null) {
      sim.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static String scrape() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + operator.adminPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /**
   * The value of the one series of {@code name} whose labels contain {@code labelPart}; NaN when
   * there is none.
   */
  static double value(String scrape, String name, String labelPart) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(scrape);
    while (m.find()) {
      if (m.group(1).contains(labelPart)) {
        return Double.parseDouble(m.group(2));
      }
    }
    return Double.NaN;
  }

  static double changesWritten(String scrape) {
    return value(scrape, "regionaledge_route53_changes_written_total", "change=\"CREATE\"")
        + value(scrape, "regionaledge_route53_changes_written_total", "change=\"DELETE\"")
        + value(scrape, "regionaledge_route53_changes_written_total", "change=\"UPSERT\"");
  }

  static Set<String> metricNames(String scrape) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  @Order(1)
  void aSyncShowsRequestsChangesOutcomeLastSuccessHealthChecksAndReadyProxies() throws Exception {
    String s = scrape();
    assertThat(
            value(s, "regionaledge_route53_requests_total", "action=\"ChangeResourceRecordSets\""))
        .isGreaterThan(0);
    assertThat(value(s, "regionaledge_route53_requests_total", "action=\"CreateHealthCheck\""))
        .isEqualTo(2);
    assertThat(value(s, "regionaledge_route53_changes_written_total", "change=\"CREATE\""))
        .isGreaterThanOrEqualTo(4);
    assertThat(value(s, "regionaledge_dns_syncs_total", "reason=\"Synced\""))
        .isGreaterThanOrEqualTo(1);
    double lastSuccess =
        value(s, "regionaledge_dns_last_success_timestamp_seconds", "name=\"fast\"");
    assertThat(lastSuccess)
        .isBetween(
            System.currentTimeMillis() / 1000.0 - 60, System.currentTimeMillis() / 1000.0 + 1);
    assertThat(value(s, "regionaledge_dns_health_checks", "namespace=\"web\",region=\"us-east-1\""))
        .isEqualTo(2);
    assertThat(value(s, "regionaledge_edge_proxies_ready", "name=\"fast\"")).isEqualTo(2);
    assertThat(value(s, "regionaledge_edge_proxies_desired", "name=\"fast\"")).isEqualTo(2);
    assertThat(
            value(
                s,
                "regionaledge_route53_throttled_attempts_total",
                "action=\"ChangeResourceRecordSets\""))
        .isZero();
  }

  @Test
  @Order(2)
  void throttledAttemptsAreCountedOneByOneAndAnUnreadyProxyShows() throws Exception {
    double changesBefore = changesWritten(scrape());
    sim.faults().failNext(2, Fault.THROTTLING, "ChangeResourceRecordSets");
    cluster.setReady(pods.get(1), false);
    await()
        .atMost(WAIT)
        .until(
            () ->
                value(
                        scrape(),
                        "regionaledge_route53_throttled_attempts_total",
                        "action=\"ChangeResourceRecordSets\"")
                    == 2.0);
    await()
        .atMost(WAIT)
        .until(() -> value(scrape(), "regionaledge_edge_proxies_ready", "name=\"fast\"") == 1.0);
    await().atMost(WAIT).until(() -> changesWritten(scrape()) > changesBefore);
    // Pending until the simulator reports the change INSYNC, then synced again
    await()
        .atMost(WAIT)
        .until(() -> value(scrape(), "regionaledge_dns_synced", "name=\"fast\"") == 1.0);
    assertThat(value(scrape(), "regionaledge_dns_syncs_total", "reason=\"Pending\""))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(3)
  void
      theAccountsHealthChecksAgainstItsQuotaAndEachBudgetBucketAreOnMetricsAndNinetyPercentWarnsOnce()
          throws Exception {
    await()
        .atMost(WAIT)
        .until(() -> unlabelled(scrape(), "regionaledge_route53_health_checks_used") == QUOTA - 1);
    String s = scrape();
    assertThat(unlabelled(s, "regionaledge_route53_health_checks_limit")).isEqualTo(QUOTA);
    assertThat(value(s, "regionaledge_route53_requests_total", "action=\"GetAccountLimit\""))
        .isGreaterThan(0);
    for (String bucket :
        List.of(
            "account",
            "changes",
            "CreateHealthCheck",
            "DeleteHealthCheck",
            "GetHealthCheckStatus")) {
      assertThat(value(s, "regionaledge_route53_budget_used_ratio", "bucket=\"" + bucket + "\""))
          .as(bucket)
          .isBetween(0.0, 1.0);
      assertThat(value(s, "regionaledge_route53_budget_capacity", "bucket=\"" + bucket + "\""))
          .as(bucket)
          .isPositive();
    }
    // a reconcile hands the warning out; later ones (the quota is read every 200 ms) find none
    cluster.setReady(pods.get(1), true);
    await().atMost(WAIT).until(() -> quotaWarnings() == 1);
    cluster.setReady(pods.get(1), false);
    await()
        .atMost(WAIT)
        .until(() -> value(scrape(), "regionaledge_edge_proxies_ready", "name=\"fast\"") == 1.0);
    cluster.setReady(pods.get(1), true);
    await()
        .atMost(WAIT)
        .until(() -> value(scrape(), "regionaledge_edge_proxies_ready", "name=\"fast\"") == 2.0);
    assertThat(cluster.client.v1().events().inNamespace("web").list().getItems())
        .filteredOn(e -> "HealthCheckQuotaNear".equals(e.getReason()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("9 of its 10");
            });
  }

  static long quotaWarnings() {
    return cluster.client.v1().events().inNamespace("web").list().getItems().stream()
        .filter(e -> "HealthCheckQuotaNear".equals(e.getReason()))
        .count();
  }

  /** The value of a series without labels; NaN when there is none. */
  static double unlabelled(String scrape, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  @Order(4)
  void everyOperatorMetricTheAlertsAndTheDashboardUseIsOnTheOperatorsMetrics() throws Exception {
    List<String> exprs = new ArrayList<>();
    JsonNode rules = new YAMLMapper().readTree(MONITORING.resolve("prometheusrule.yaml").toFile());
    assertThat(rules.path("kind").asText()).isEqualTo("PrometheusRule");
    List<String> alerts = new ArrayList<>();
    for (JsonNode group : rules.path("spec").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        alerts.add(rule.path("alert").asText());
        exprs.add(rule.path("expr").asText());
      }
    }
    assertThat(alerts)
        .contains(
            "RegionalEdgeDnsNotSynced",
            "RegionalEdgeProxiesNotReady",
            "RegionalEdgeRoute53ThrottlingSustained",
            "RegionalEdgeHealthCheckQuotaNear");
    JsonNode dashboard =
        new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    int targets = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        exprs.add(target.path("expr").asText());
        targets++;
      }
    }
    assertThat(targets).isGreaterThan(5);
    Set<String> used = PromQlNames.of(exprs);
    Set<String> operatorSide = new TreeSet<>(used);
    operatorSide.removeIf(
        n ->
            n.startsWith("regionaledge_proxy_")); // ProxyMonitoringNamesIT: a real proxy's /metrics
    assertThat(operatorSide).hasSizeGreaterThan(5);
    assertThat(metricNames(scrape())).containsAll(operatorSide);
  }

  @Test
  @Order(5)
  void theMonitoringFilesAreWellFormedKubernetesAndGrafanaDocuments() throws Exception {
    try (InputStream in = Files.newInputStream(MONITORING.resolve("prometheusrule.yaml"))) {
      JsonNode rules = new YAMLMapper().readTree(in);
      assertThat(rules.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
      for (JsonNode group : rules.path("spec").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          assertThat(rule.path("labels").path("severity").asText())
              .as(rule.toString())
              .isIn("warning", "critical");
          assertThat(rule.path("annotations").path("summary").asText())
              .as(rule.toString())
              .isNotBlank();
        }
      }
    }
    JsonNode dashboard =
        new ObjectMapper().readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("regionaledge");
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("gridPos").path("w").asInt())
          .as(panel.path("title").asText())
          .isBetween(1, 24);
    }
  }
}
