package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.list;
import static io.regionaledge.operator.dns.Edges.ready;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.regionaledge.operator.Main;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code plan} against the simulator: what it prints is what a sync then does, call for call. */
class PlanIT {
  static final String HOST = "fast.example.com";
  SimWorld world;
  RegionalEdge edge;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    world = new SimWorld(SimWorld.simulator().probing(false));
    edge = world.edge("fast", HOST, "us-east-1", "eu-west-1");
    System.setProperty("aws.accessKeyId", "AKIDPLAN");
    System.setProperty("aws.secretAccessKey", "secret");
  }

  @AfterEach
  void stop() {
    world.close();
  }

  record Run(int exit, String out, String err) {}

  Run plan(String... extra) throws Exception {
    RegionalEdge manifest = Serialization.clone(edge);
    manifest.getMetadata().setUid(null); // a manifest has none
    manifest.setStatus(null);
    Path file = dir.resolve("fast.yaml");
    Files.writeString(file, Serialization.asYaml(manifest));
    List<String> args =
        new ArrayList<>(
            List.of(
                "plan",
                "-f",
                file.toString(),
                "--region",
                "us-east-1",
                "--route53-endpoint",
                world.sim.endpoint().toString(),
                "--route53-allow-nonpublic",
                "127.0.0.0/8"));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new Main())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  static Map<String, Long> calls(JsonNode plan) {
    Map<String, Long> out = new TreeMap<>();
    plan.get("calls").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  /**
   * A freshly started operator's sync until Synced: the write, then one look at the change once
   * INSYNC.
   */
  Map<String, Long> syncedByAFreshOperator(List<InstanceStatus> instances)
      throws InterruptedException {
    world.sim.counters().reset();
    Route53DnsSync fresh = world.operator();
    DnsSyncResult first = fresh.sync(edge, "us-east-1", instances);
    assertThat(first.reason()).as(first.message()).isIn("Pending", "Synced");
    // INSYNC 100 ms after the change; a PENDING answer is reused for 500 ms
    Thread.sleep(700);
    DnsSyncResult second = fresh.sync(edge, "us-east-1", instances);
    assertThat(second.reason()).as(second.message()).isEqualTo("Synced");
    return world.sim.counters().snapshot();
  }

  @Test
  void aFirstInstallPlanNamesTheTreeChecksAndCallsAndASyncThenMakesExactlyThoseCalls()
      throws Exception {
    Run text = plan("--instance", "p-a=127.0.1.1", "--instance", "p-b=127.0.1.2");
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .contains(
            "Desired tree for us-east-1",
            "proxy-us-east-1-fast.example.com",
            "create health check  proxy1-us-east-1-fast.example.com 127.0.1.1:443",
            "CREATE",
            "Conflicts with foreign records: none",
            "CreateHealthCheck",
            "Monthly cost",
            Route53Prices.AS_OF.toString(),
            "+2 x $1.50");
    assertThat(world.sim.counters().writes()).as("a plan writes nothing").isZero();
    assertThat(world.sim.healthChecks()).isEmpty();

    Run json =
        plan("--instance", "p-a=127.0.1.1", "--instance", "p-b=127.0.1.2", "--output", "json");
    JsonNode p = new ObjectMapper().readTree(json.out());
    assertThat(p.get("rounds").get(0).get("healthChecks").get("create")).hasSize(2);
    assertThat(p.get("monthlyCost").get("healthChecksAdded").asLong()).isEqualTo(2);
    Map<String, Long> planned = calls(p);
    assertThat(planned)
        .containsEntry("CreateHealthCheck", 2L)
        .containsEntry("ChangeResourceRecordSets", 1L);

    assertThat(syncedByAFreshOperator(list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2"))))
        .isEqualTo(planned);
  }

  @Test
  void aPlanForAChangedTreeUpdatesReplacesAndDeletesAsTheSyncThenDoesCallForCall()
      throws Exception {
    Route53DnsSync op = world.operator();
    op.sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")));
    Thread.sleep(700);
    assertThat(
            op.sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")))
                .reason())
        .isEqualTo("Synced");
    // a new path (updated in place), p-b gone (its record and check deleted), p-c new
    edge.getSpec().getDns().getHealthCheck().setPath("/ready");
    List<InstanceStatus> now = list(ready("p-a", "127.0.1.1"), ready("p-c", "127.0.1.3"));
    world.sim.counters().reset();

    Run json = plan("--instance", "p-a=127.0.1.1", "--instance", "p-c=127.0.1.3", "-o", "json");
    assertThat(json.exit()).as(json.err()).isZero();
    assertThat(world.sim.counters().writes()).isZero();
    JsonNode p = new ObjectMapper().readTree(json.out());
    Map<String, Long> planned = calls(p);
    assertThat(planned)
        .containsEntry("UpdateHealthCheck", 1L)
        .containsEntry("CreateHealthCheck", 1L)
        .containsEntry("DeleteHealthCheck", 1L)
        .containsEntry("ChangeResourceRecordSets", 2L);
    assertThat(p.get("monthlyCost").get("healthChecksAdded").asLong()).isZero();

    assertThat(syncedByAFreshOperator(now)).isEqualTo(planned);
  }

  @Test
  void aForeignRecordAtOurNamesIsNamedAsAConflictAndAManifestWithoutZoneIsAClearError()
      throws Exception {
    world.sim.apply(
        world.zoneId,
        io.regionaledge.testkit.route53.Change.create(
            io.regionaledge.testkit.route53.RecordSet.simple(
                "proxy-us-east-1-fast.example.com", "A", 300, "192.0.2.7")));
    Run conflict = plan("--instance", "p-a=127.0.1.1");
    assertThat(conflict.exit()).isZero();
    assertThat(conflict.out())
        .contains("Conflicts with foreign records: 1", "proxy-us-east-1-fast.example.com");

    edge.getSpec().getDns().setHostedZoneId(null);
    Run bad = plan("--instance", "p-a=127.0.1.1");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("spec.dns.hostedZoneId or spec.dns.hostedZoneName is required");
  }
}
