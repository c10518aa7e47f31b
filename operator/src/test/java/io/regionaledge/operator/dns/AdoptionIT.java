package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.list;
import static io.regionaledge.operator.dns.Edges.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.AliasTarget;
import io.regionaledge.testkit.route53.Answer;
import io.regionaledge.testkit.route53.HandBuiltTree;
import io.regionaledge.testkit.route53.HealthCheck;
import io.regionaledge.testkit.route53.RecordSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * spec.dns.adopt against the Route53 simulator (Route53's sequential batch rules) through the real
 * SDK: a hand-built tree is taken over with every batch leaving the hostname answering from both
 * regions, and old names outliving what pointed at them.
 */
class AdoptionIT {
  static final String HOST = "fast.example.com";
  static final String VMS = "vms.example.net";

  SimWorld world;
  String vmZoneId;

  /** Problems seen right after a batch landed; checked at the end. */
  final List<String> afterBatches = new CopyOnWriteArrayList<>();

  int batches;

  @BeforeEach
  void start() {
    world = new SimWorld(SimWorld.simulator().probing(false));
    vmZoneId = world.sim.createHostedZone(VMS);
  }

  @AfterEach
  void stop() {
    world.close();
  }

  HandBuiltTree script() {
    Route53Options o = world.options();
    return new HandBuiltTree(
        o.client(
            o.budget(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSCRIPT", "secret"))),
        world.zoneId,
        vmZoneId,
        VMS);
  }

  /** An operator whose every batch is followed by a look from each region's clients. */
  Route53DnsSync operator(Set<String> namesThatMustResolve) {
    return operator(namesThatMustResolve, () -> {});
  }

  Route53DnsSync operator(Set<String> namesThatMustResolve, Runnable alsoAfterBatch) {
    Route53Options o = world.options();
    Route53Api sdk =
        new SdkRoute53Api(
            o.client(
                o.budget(),
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDTEST", "secret"))));
    Route53Api watched =
        new Watched(
            sdk,
            batch -> {
              batches++;
              for (String region : List.of("us-east-1", "eu-west-1")) {
                Answer a = world.sim.resolve(region, HOST);
                if (a.addresses().isEmpty())
                  afterBatches.add(
                      "batch " + batches + " " + batch + ": " + region + " client got " + a);
              }
              for (String name : namesThatMustResolve) {
                Answer a = world.sim.resolve("us-east-1", name);
                if (a.addresses().isEmpty())
                  afterBatches.add("batch " + batches + ": " + name + " gone too early: " + a);
              }
              alsoAfterBatch.run();
            });
    return new Route53DnsSync(
            watched,
            new ZoneCache(watched, Duration.ofMinutes(5), Duration.ofMinutes(5)),
            new Route53DnsSync.Settings(
                Duration.ofMillis(100),
                Duration.ofMillis(200),
                Duration.ofMillis(200),
                Duration.ofMillis(200)),
            null,
            o.addresses())
        .withAdoptionTimeScale(0.005);
  }

  DnsSyncResult syncUntilSynced(
      Route53DnsSync op, RegionalEdge e, String region, List<InstanceStatus> instances) {
    DnsSyncResult last = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      last = op.sync(e, region, instances);
      if (last.synced()) return last;
      assertThat(last.reason()).as(last.message()).isEqualTo("Pending");
      sleep(last.retryAfter() == null ? 100 : Math.min(500, last.retryAfter().toMillis()));
    }
    throw new AssertionError(region + " never synced; last result: " + last);
  }

  @Test
  void
      theSeedsTreeInBothRegionsIsTakenOverWithoutAMomentWithoutAnswerAndTheOtherRegionIsLeftAlone() {
    // the operator already holds a snapshot of the zone from before the script ran
    Route53DnsSync op = operator(Set.of());
    syncUntilSynced(
        op,
        world.edge("www", "www.example.com", "us-east-1"),
        "us-east-1",
        list(ready("w", "192.0.2.50")));
    batches = 0;
    afterBatches.clear();
    List<String> usChecks =
        script()
            .build(
                HOST,
                "us-east-1",
                List.of(
                    new HandBuiltTree.Vm("us-east-1", 1, "192.0.2.11"),
                    new HandBuiltTree.Vm("us-east-1", 2, "192.0.2.12")),
                300,
                443,
                "/",
                30);
    script()
        .build(
            HOST,
            "eu-west-1",
            List.of(
                new HandBuiltTree.Vm("eu-west-1", 1, "192.0.2.21"),
                new HandBuiltTree.Vm("eu-west-1", 2, "192.0.2.22")),
            300,
            443,
            "/",
            30);
    List<RecordSet> euBefore = euRecords();
    RegionalEdge edge = world.edge("fast", HOST, "us-east-1", "eu-west-1");
    // the new proxies: one on the first VM's address (its check fits), one elsewhere
    List<InstanceStatus> us = list(ready("p-a", "192.0.2.11"), ready("p-b", "192.0.2.13"));

    DnsSyncResult refused = op.sync(edge, "us-east-1", us);
    if (refused.reason().equals("Error")) {
      // without adopt, a snapshot older than the script costs one refused batch, then a fresh
      // listing
      refused = op.sync(edge, "us-east-1", us);
    }
    assertThat(refused.reason()).isEqualTo("Conflict");
    assertThat(refused.message()).contains("proxy-us-east-1-fast.example.com");

    edge.getSpec().getDns().setAdopt(true);
    DnsSyncResult synced = syncUntilSynced(op, edge, "us-east-1", us);

    assertThat(afterBatches).isEmpty();
    assertThat(batches).isGreaterThanOrEqualTo(2);
    assertThat(euRecords()).as("eu-west-1's records").isEqualTo(euBefore);
    Map<String, HealthCheck> usNow =
        world.sim.healthChecks().stream()
            .filter(h -> h.config().ipAddress().matches("192\\.0\\.2\\.1\\d"))
            .collect(Collectors.toMap(h -> h.config().ipAddress(), h -> h));
    assertThat(usNow).containsOnlyKeys("192.0.2.11", "192.0.2.13");
    assertThat(usNow.get("192.0.2.11").id())
        .as("the fitting check is kept")
        .isEqualTo(usChecks.get(0));
    assertThat(usNow.get("192.0.2.11").config().resourcePath())
        .as("updated in place")
        .isEqualTo(io.regionaledge.operator.api.HealthCheckSpec.DEFAULT_PATH);
    // the latency set stays CNAME-typed while eu-west-1's hand-built CNAME is there
    assertThat(world.at(HOST))
        .filteredOn(r -> "us-east-1".equals(r.setIdentifier()))
        .singleElement()
        .satisfies(r -> assertThat(r.type()).isEqualTo("CNAME"));
    assertThat(world.sim.resolve("us-east-1", HOST).addresses())
        .isSubsetOf("192.0.2.11", "192.0.2.13");
    assertThat(world.userRecords())
        .as("the seed's names are ours now, no VM left")
        .noneMatch(
            r ->
                r.values().stream().anyMatch(v -> v.contains(VMS))
                    && r.name().contains("us-east-1"));
    assertThat(world.at("proxy1-us-east-1-fast.example.com"))
        .extracting(RecordSet::type)
        .containsExactly("A");
    assertThat(synced.message()).contains("2 of 2");

    world.sim.counters().reset();
    assertThat(op.sync(edge, "us-east-1", us).synced()).isTrue();
    assertThat(world.sim.counters().writes()).as("steady state writes nothing").isZero();

    // eu-west-1 then adopts its own: both regions CNAME-typed, both answering
    Route53DnsSync eu = operator(Set.of());
    syncUntilSynced(
        eu, edge, "eu-west-1", list(ready("p-c", "192.0.2.21"), ready("p-d", "192.0.2.22")));
    assertThat(afterBatches).isEmpty();
    assertThat(world.sim.resolve("eu-west-1", HOST).addresses())
        .isSubsetOf("192.0.2.21", "192.0.2.22");
    assertThat(world.sim.healthChecks()).hasSize(5); // and www's
  }

  @Test
  void aTreeWithOtherNamesMovesToOursAndItsOldNamesGoOnlyAfterCachesExpired() {
    // us-east-1 only, built AWS-guide style: a latency alias to a weighted set of A records
    String old = "haproxy-virginia.example.com";
    String check =
        world
            .sim
            .createHealthCheck(
                "console-1",
                io.regionaledge.testkit.route53.HealthCheckConfig.https(
                    "192.0.2.11", 443, "/", HOST))
            .id();
    world.sim.apply(
        world.zoneId,
        io.regionaledge.testkit.route53.Change.create(
            new RecordSet(old, "A", "vm-a", 1L, null, 120L, List.of("192.0.2.11"), null, check)),
        io.regionaledge.testkit.route53.Change.create(
            new RecordSet(
                HOST,
                "A",
                "Virginia",
                null,
                "us-east-1",
                null,
                List.of(),
                new AliasTarget(world.zoneId, old, true),
                null)));
    RegionalEdge edge = world.edge("fast", HOST, "us-east-1");
    edge.getSpec().getDns().setAdopt(true);
    record Seen(long nanos, boolean topPointsAtOld, boolean oldExists) {}
    List<Seen> seen = new CopyOnWriteArrayList<>();
    Route53DnsSync op =
        operator(
            Set.of(),
            () ->
                seen.add(
                    new Seen(
                        System.nanoTime(),
                        world.at(HOST).stream()
                            .anyMatch(
                                r -> r.alias() != null && r.alias().dnsName().equals(old + ".")),
                        !world.at(old).isEmpty())));
    List<InstanceStatus> us = list(ready("p-a", "192.0.2.14"));

    syncUntilSynced(op, edge, "us-east-1", us);

    assertThat(afterBatches).isEmpty();
    assertThat(seen).allSatisfy(s -> assertThat(!s.topPointsAtOld() || s.oldExists()).isTrue());
    Seen switched = seen.stream().filter(s -> !s.topPointsAtOld()).findFirst().orElseThrow();
    Seen gone = seen.stream().filter(s -> !s.oldExists()).findFirst().orElseThrow();
    assertThat(seen.indexOf(gone))
        .as("the old name goes in a later batch than the switch")
        .isGreaterThan(seen.indexOf(switched));
    assertThat(Duration.ofNanos(gone.nanos() - switched.nanos()))
        .as("(120 s TTL + 60 s) x 0.005 waited")
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(world.at(old)).isEmpty();
    assertThat(world.at(HOST))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.type()).isEqualTo("A");
              assertThat(r.setIdentifier()).isEqualTo("us-east-1");
            });
    assertThat(world.sim.healthChecks())
        .extracting(h -> h.config().ipAddress())
        .containsExactly("192.0.2.14");
    assertThat(world.sim.resolve("us-east-1", HOST).addresses()).containsExactly("192.0.2.14");
    var registry = world.at("_regionaledge.proxy-us-east-1-fast.example.com");
    assertThat(registry)
        .singleElement()
        .satisfies(r -> assertThat(String.join(" ", r.values())).doesNotContain("adopt="));
  }

  @Test
  void withNoInstanceToPublishYetTheHandBuiltTreeIsLeftServing() {
    script()
        .build(
            HOST,
            "us-east-1",
            List.of(new HandBuiltTree.Vm("us-east-1", 1, "192.0.2.11")),
            60,
            443,
            "/",
            30);
    List<RecordSet> before = world.userRecords();
    RegionalEdge edge = world.edge("fast", HOST, "us-east-1");
    edge.getSpec().getDns().setAdopt(true);

    DnsSyncResult r =
        operator(Set.of()).sync(edge, "us-east-1", list(Edges.unready("p-a", "192.0.2.14")));

    assertThat(r.reason()).isEqualTo("Pending");
    assertThat(r.message()).contains("ready instance");
    assertThat(world.userRecords()).isEqualTo(before);
    assertThat(batches).isZero();
  }

  List<RecordSet> euRecords() {
    return world.userRecords().stream()
        .filter(r -> r.name().contains("eu-west-1") || "eu-west-1".equals(r.setIdentifier()))
        .toList();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The operator's Route53 calls, with a look after each batch. */
  record Watched(Route53Api api, java.util.function.Consumer<List<Change>> afterBatch)
      implements Route53Api {
    public String zoneIdByName(String zoneName) {
      return api.zoneIdByName(zoneName);
    }

    public List<Rrset> listRecords(String zoneId) {
      return api.listRecords(zoneId);
    }

    public List<Rrset> recordsNamed(String zoneId, String name) {
      return api.recordsNamed(zoneId, name);
    }

    public ChangeStatus changeRecords(String zoneId, List<Change> batch, String comment) {
      ChangeStatus s = api.changeRecords(zoneId, batch, comment);
      afterBatch.accept(batch);
      return s;
    }

    public ChangeStatus changeStatus(String changeId) {
      return api.changeStatus(changeId);
    }

    public String createHealthCheck(String callerReference, CheckConfig config) {
      return api.createHealthCheck(callerReference, config);
    }

    public void updateHealthCheck(String id, CheckConfig config) {
      api.updateHealthCheck(id, config);
    }

    public void tagHealthCheck(String id, Map<String, String> tags) {
      api.tagHealthCheck(id, tags);
    }

    public void deleteHealthCheck(String id) {
      api.deleteHealthCheck(id);
    }

    public List<HealthCheckRef> listHealthChecks() {
      return api.listHealthChecks();
    }

    public ObservedCheck healthCheck(String id) {
      return api.healthCheck(id);
    }

    public List<CheckerObservation> healthCheckStatus(String id) {
      return api.healthCheckStatus(id);
    }

    public HealthCheckQuota healthCheckQuota() {
      return api.healthCheckQuota();
    }
  }
}
