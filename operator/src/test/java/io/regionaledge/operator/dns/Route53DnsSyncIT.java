package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.list;
import static io.regionaledge.operator.dns.Edges.ready;
import static io.regionaledge.operator.dns.Edges.unready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.Change;
import io.regionaledge.testkit.route53.Fault;
import io.regionaledge.testkit.route53.HealthCheck;
import io.regionaledge.testkit.route53.RecordSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Route53DnsSync through the real AWS SDK against the Route53 simulator (no probing here). */
class Route53DnsSyncIT {
  static final String HOST = "fast.example.com";
  static final String WEIGHTED = "proxy-us-east-1-fast.example.com";

  SimWorld world;
  Route53DnsSync dns;
  RegionalEdge edge;

  @BeforeEach
  void start() {
    world = new SimWorld(SimWorld.simulator().probing(false));
    dns = world.operator();
    edge = world.edge("fast", HOST, "us-east-1", "eu-west-1");
  }

  @AfterEach
  void stop() {
    world.close();
  }

  DnsSyncResult syncUntilSynced(
      Route53DnsSync op, RegionalEdge e, String region, List<InstanceStatus> instances) {
    DnsSyncResult[] last = new DnsSyncResult[1];
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(150))
          .until(
              () -> {
                last[0] = op.sync(e, region, instances);
                return last[0].synced();
              });
    } catch (org.awaitility.core.ConditionTimeoutException timeout) {
      throw new AssertionError(region + " never synced; last result: " + last[0], timeout);
    }
    return last[0];
  }

  List<RecordSet> weighted() {
    return world.at(WEIGHTED).stream().filter(r -> r.type().equals("A")).toList();
  }

  @Test
  void recordsAndChecksAppearOnceInstancesAreReady() {
    // eu-west-1 answers for the name, so an unready us-east-1 publishes no latency record
    syncUntilSynced(world.operator(), edge, "eu-west-1", list(ready("p-c", "127.0.2.1")));
    DnsSyncResult first =
        dns.sync(edge, "us-east-1", list(unready("p-a", "127.0.1.1"), unready("p-b", "127.0.1.2")));
    assertThat(first.reason()).isIn("Pending", "Synced");
    assertThat(world.at(HOST)).extracting(RecordSet::setIdentifier).containsExactly("eu-west-1");
    assertThat(weighted()).isEmpty();
    assertThat(world.at("proxy1-us-east-1-fast.example.com"))
        .singleElement()
        .satisfies(r -> assertThat(r.values()).containsExactly("127.0.1.1"));
    assertThat(world.sim.healthChecks()).hasSize(3);

    var result =
        syncUntilSynced(
            dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")));

    Map<String, String> checkByIp =
        checksOf(edge, "us-east-1").stream()
            .collect(Collectors.toMap(h -> h.config().ipAddress(), HealthCheck::id));
    assertThat(weighted())
        .extracting(
            RecordSet::setIdentifier,
            r -> r.values().get(0),
            RecordSet::healthCheckId,
            RecordSet::weight)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "proxy1", "127.0.1.1", checkByIp.get("127.0.1.1"), 1L),
            org.assertj.core.groups.Tuple.tuple(
                "proxy2", "127.0.1.2", checkByIp.get("127.0.1.2"), 1L));
    assertThat(world.at(HOST).stream().filter(r -> "us-east-1".equals(r.setIdentifier())))
        .singleElement()
        .satisfies(
            lat -> {
              assertThat(lat.setIdentifier()).isEqualTo("us-east-1");
              assertThat(lat.region()).isEqualTo("us-east-1");
              assertThat(lat.alias().dnsName()).isEqualTo(WEIGHTED + ".");
              assertThat(lat.alias().evaluateTargetHealth()).isTrue();
            });
    HealthCheck hc = checksOf(edge, "us-east-1").get(0);
    assertThat(hc.config().type()).isEqualTo("HTTPS");
    assertThat(hc.config().enableSni()).isTrue();
    assertThat(hc.config().fullyQualifiedDomainName()).isEqualTo(HOST);
    assertThat(hc.config().resourcePath()).isEqualTo("/.well-known/regionaledge/health");
    assertThat(hc.config().port()).isEqualTo(443);
    assertThat(hc.config().requestInterval()).isEqualTo(30);
    assertThat(hc.config().failureThreshold()).isEqualTo(3);
    assertThat(hc.tags())
        .containsEntry("regionaledge/resource", "shop/fast")
        .containsEntry("regionaledge/region", "us-east-1")
        .containsKey("regionaledge/instance");

    assertThat(result.details().getLastChangeStatus()).isEqualTo("INSYNC");
    assertThat(result.details().getHealthChecks())
        .extracting(h -> h.getId())
        .containsExactlyInAnyOrderElementsOf(checkByIp.values());
    assertThat(result.details().getRecords())
        .contains(HOST, WEIGHTED, "proxy1-us-east-1-fast.example.com");
    assertThat(result.message()).contains("2 of 2 instances");
  }

  @Test
  void anUnreadyPodIsWithdrawnFromTheWeightedSetAndAGoneOneLosesItsRecordAndCheck() {
    syncUntilSynced(
        dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")));

    syncUntilSynced(
        dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1"), unready("p-b", "127.0.1.2")));
    assertThat(weighted()).extracting(RecordSet::setIdentifier).containsExactly("proxy1");
    assertThat(world.at("proxy2-us-east-1-fast.example.com")).hasSize(1);
    assertThat(world.sim.healthChecks()).hasSize(2);

    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(world.at("proxy2-us-east-1-fast.example.com")).isEmpty();
    assertThat(world.sim.healthChecks())
        .singleElement()
        .satisfies(h -> assertThat(h.config().ipAddress()).isEqualTo("127.0.1.1"));
    assertThat(world.at("_regionaledge." + WEIGHTED).get(0).values())
        .noneMatch(v -> v.startsWith("\"x="));

    // the only region, nothing ready: the last latency record of the name stays, every instance
    // in the weighted set, and Route53's health checks decide (failing open)
    var kept = syncUntilSynced(dns, edge, "us-east-1", list(unready("p-a", "127.0.1.1")));
    assertThat(world.at(HOST)).extracting(RecordSet::setIdentifier).containsExactly("us-east-1");
    assertThat(weighted()).extracting(RecordSet::setIdentifier).containsExactly("proxy1");
    assertThat(kept.message()).contains("latency record kept").contains("health checks decide");

    // once another region answers for the name, the unready one withdraws (alias before its target
    // set)
    syncUntilSynced(world.operator(), edge, "eu-west-1", list(ready("p-c", "127.0.2.1")));
    var withdrawn = syncUntilSynced(dns, edge, "us-east-1", list(unready("p-a", "127.0.1.1")));
    assertThat(world.at(HOST)).extracting(RecordSet::setIdentifier).containsExactly("eu-west-1");
    assertThat(weighted()).isEmpty();
    assertThat(withdrawn.message()).contains("latency record withdrawn");
  }

  @Test
  void tenResyncsOfASyncedResourceMakeNoRoute53CallsAndARestartedOperatorNoWrites() {
    var instances = list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2"));
    syncUntilSynced(dns, edge, "us-east-1", instances);
    var before = world.userRecords();
    var checks = world.sim.healthChecks().stream().map(HealthCheck::id).toList();
    world.sim.counters().reset();

    for (int i = 0; i < 10; i++) {
      assertThat(dns.sync(edge, "us-east-1", instances).reason()).isEqualTo("Synced");
    }
    assertThat(world.sim.counters().total()).isZero();

    Route53DnsSync restarted = world.operator();
    for (int i = 0; i < 10; i++) {
      assertThat(restarted.sync(edge, "us-east-1", instances).reason()).isEqualTo("Synced");
    }
    assertThat(world.sim.counters().writes()).isZero();
    assertThat(world.sim.counters().snapshot()).containsOnlyKeys("ListResourceRecordSets");
    assertThat(world.userRecords()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(world.sim.healthChecks())
        .map(HealthCheck::id)
        .containsExactlyInAnyOrderElementsOf(checks);
  }

  @Test
  void aCrashBetweenCreatingChecksAndWritingRecordsLeavesNoDuplicateAfterRestart() {
    world.sim.faults().failSteadily(Fault.INTERNAL_FAILURE, 1.0, "ChangeResourceRecordSets");
    var instances = list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2"));
    DnsSyncResult failed = dns.sync(edge, "us-east-1", instances);
    assertThat(failed.synced()).isFalse();
    assertThat(failed.reason()).isEqualTo("Error");
    assertThat(failed.retryAfter()).isNotNull();
    assertThat(world.sim.healthChecks()).hasSize(2);
    world.sim.faults().clear();

    syncUntilSynced(world.operator(), edge, "us-east-1", instances);
    assertThat(world.sim.healthChecks()).hasSize(2);
    assertThat(weighted()).hasSize(2);
  }

  @Test
  void checksCreatedForABatchThatNeverLandedAreDeletedWhenNoLongerNeeded() {
    world.sim.faults().failSteadily(Fault.INTERNAL_FAILURE, 1.0, "ChangeResourceRecordSets");
    assertThat(
            dns.sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")))
                .synced())
        .isFalse();
    assertThat(world.sim.healthChecks()).hasSize(2);
    world.sim.faults().clear();

    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(world.sim.healthChecks())
        .singleElement()
        .satisfies(h -> assertThat(h.config().ipAddress()).isEqualTo("127.0.1.1"));
    assertThat(dns.cleanup(edge, "us-east-1").synced()).isTrue();
    assertThat(world.sim.healthChecks()).isEmpty();
  }

  /**
   * The checks in the simulator whose CallerReference says they belong to this resource in this
   * region.
   */
  List<HealthCheck> checksOf(RegionalEdge e, String region) {
    String prefix = Target.of(e, region, world.zoneId).callerReferencePrefix();
    return world.sim.healthChecks().stream()
        .filter(h -> h.callerReference().startsWith(prefix))
        .toList();
  }

  @Test
  void cleanupDeletesAHealthCheckOrphanedByAProcessThatDiedBeforeItsBatchLanded() {
    // another region and another resource in the same zone, synced normally; and a check not ours
    // at all
    RegionalEdge other = world.edge("other", "other.example.com", "us-east-1");
    syncUntilSynced(world.operator(), edge, "eu-west-1", list(ready("p-c", "127.0.2.1")));
    syncUntilSynced(world.operator(), other, "us-east-1", list(ready("p-x", "127.0.3.1")));
    String foreign =
        world
            .sim
            .createHealthCheck(
                "someone-else",
                io.regionaledge.testkit.route53.HealthCheckConfig.https(
                    "192.0.2.7", 443, "/", "www.example.com"))
            .id();
    Set<String> untouched =
        world.sim.healthChecks().stream().map(HealthCheck::id).collect(Collectors.toSet());
    assertThat(untouched).hasSize(3);
    List<RecordSet> othersRecords = world.userRecords();

    // the process creates both checks, its batch fails, and it dies before any later sync
    world.sim.faults().failSteadily(Fault.INTERNAL_FAILURE, 1.0, "ChangeResourceRecordSets");
    assertThat(
            dns.sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")))
                .synced())
        .isFalse();
    world.sim.faults().clear();
    dns = null;
    assertThat(checksOf(edge, "us-east-1")).hasSize(2);
    assertThat(world.at("_regionaledge." + WEIGHTED)).as("the batch never landed").isEmpty();

    // while it was down 127.0.1.2 went away: the restarted operator never hears of that check
    Route53DnsSync restarted = world.operator();
    syncUntilSynced(restarted, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(weighted())
        .singleElement()
        .satisfies(w -> assertThat(w.values()).containsExactly("127.0.1.1"));
    assertThat(checksOf(edge, "us-east-1"))
        .as("the check of 127.0.1.1 was found again, the other is orphaned")
        .extracting(h -> h.config().ipAddress())
        .containsExactlyInAnyOrder("127.0.1.1", "127.0.1.2");
    assertThat(world.at("_regionaledge." + WEIGHTED).get(0).values())
        .noneMatch(v -> v.contains("127.0.1.2"));

    world.sim.counters().reset();
    Route53DnsSync deleting = world.operator();
    DnsSyncResult done = deleting.cleanup(edge, "us-east-1");
    assertThat(done.synced()).as(done.message()).isTrue();
    assertThat(done.message()).contains("1 found by CallerReference");
    assertThat(checksOf(edge, "us-east-1")).isEmpty();
    assertThat(world.sim.healthChecks())
        .map(HealthCheck::id)
        .containsExactlyInAnyOrderElementsOf(untouched);
    assertThat(world.sim.healthChecks())
        .extracting(h -> h.config().ipAddress())
        .doesNotContain("127.0.1.1", "127.0.1.2");
    assertThat(world.userRecords()).containsExactlyInAnyOrderElementsOf(othersRecords);
    assertThat(world.sim.counters().count("ListHealthChecks")).isEqualTo(1);
    assertThat(world.lastBudget.calls())
        .as("the listing took a token like every call")
        .isEqualTo(world.sim.counters().snapshot());

    // nothing left: a second cleanup lists once and deletes nothing
    world.sim.counters().reset();
    assertThat(deleting.cleanup(edge, "us-east-1").message()).contains("nothing left");
    assertThat(world.sim.counters().writes()).isZero();
  }

  @Test
  void cleanupPagesThroughEveryHealthCheckOfTheAccount() {
    world.close();
    world = new SimWorld(SimWorld.simulator().probing(false).healthCheckQuota(1200));
    edge = world.edge("fast", HOST, "us-east-1");
    for (int i = 0; i < 1000; i++) {
      world.sim.createHealthCheck(
          "unrelated-" + i,
          io.regionaledge.testkit.route53.HealthCheckConfig.https(
              "192.0.2." + (i % 250 + 1), 443, "/", "www.example.com"));
    }
    world.sim.faults().failSteadily(Fault.INTERNAL_FAILURE, 1.0, "ChangeResourceRecordSets");
    assertThat(world.operator().sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1"))).synced())
        .isFalse();
    world.sim.faults().clear();
    assertThat(checksOf(edge, "us-east-1")).hasSize(1);

    world.sim.counters().reset();
    assertThat(world.operator().cleanup(edge, "us-east-1").synced()).isTrue();
    assertThat(world.sim.counters().count("ListHealthChecks"))
        .as("1001 checks, 1000 a page")
        .isEqualTo(2);
    assertThat(checksOf(edge, "us-east-1")).isEmpty();
    assertThat(world.sim.healthChecks()).hasSize(1000);
  }

  @Test
  void throttlingIsRetriedWithinTheSdkAndPersistentThrottlingIsReported() {
    world.sim.faults().failNext(2, Fault.THROTTLING, "ChangeResourceRecordSets");
    world.sim.faults().failNext(1, Fault.PRIOR_REQUEST_NOT_COMPLETE, "CreateHealthCheck");
    world.sim.faults().failNext(1, Fault.SERVICE_UNAVAILABLE, "ListResourceRecordSets");
    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(world.sim.faults().injectedCount()).isEqualTo(4);
    assertThat(world.sim.counters().count("ChangeResourceRecordSets")).isGreaterThanOrEqualTo(3);
    assertThat(world.sim.healthChecks()).hasSize(1);
    assertThat(world.lastBudget.calls())
        .as("every HTTP attempt, retries included, took a token")
        .isEqualTo(world.sim.counters().snapshot());

    world.sim.faults().failSteadily(Fault.THROTTLING, 1.0, "ChangeResourceRecordSets");
    DnsSyncResult throttled =
        dns.sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")));
    assertThat(throttled.status()).isEqualTo("False");
    assertThat(throttled.reason()).isEqualTo("Throttled");
    assertThat(throttled.message()).contains("Throttling");
    assertThat(throttled.retryAfter()).isPositive();
    world.sim.faults().clear();
    syncUntilSynced(
        dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")));
    assertThat(weighted()).hasSize(2);
  }

  @Test
  void cleanupLeavesTheZoneAsItWasBeforeTheResource() {
    world.sim.apply(
        world.zoneId, Change.create(RecordSet.simple("www.example.com", "A", 300, "192.0.2.10")));
    var before = world.userRecords();
    syncUntilSynced(
        dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1"), unready("p-b", "127.0.1.2")));
    assertThat(world.userRecords()).hasSizeGreaterThan(before.size());

    DnsSyncResult done = dns.cleanup(edge, "us-east-1");
    assertThat(done.synced()).isTrue();
    assertThat(world.userRecords()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(world.sim.healthChecks()).isEmpty();
    assertThat(dns.cleanup(edge, "us-east-1").message()).contains("nothing left");
  }

  @Test
  void twoRegionsOperatorsSharingAZoneNeverTouchEachOthersRecords() {
    Route53DnsSync eu = world.operator();
    syncUntilSynced(
        dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")));
    syncUntilSynced(
        eu, edge, "eu-west-1", list(ready("p-c", "127.0.2.1"), ready("p-d", "127.0.2.2")));
    assertThat(world.at(HOST))
        .extracting(RecordSet::setIdentifier)
        .containsExactlyInAnyOrder("us-east-1", "eu-west-1");
    Set<RecordSet> euRecords =
        world.userRecords().stream()
            .filter(r -> r.name().contains("eu-west-1") || "eu-west-1".equals(r.setIdentifier()))
            .collect(Collectors.toSet());
    assertThat(euRecords).hasSize(6);

    // us-east-1 loses an instance and is then removed; eu-west-1's records stay exactly as they
    // were
    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(dns.cleanup(edge, "us-east-1").synced()).isTrue();
    assertThat(world.userRecords()).containsExactlyInAnyOrderElementsOf(euRecords);
    assertThat(world.sim.healthChecks())
        .hasSize(2)
        .allSatisfy(h -> assertThat(h.tags()).containsEntry("regionaledge/region", "eu-west-1"));

    world.sim.counters().reset();
    assertThat(
            eu.sync(edge, "eu-west-1", list(ready("p-c", "127.0.2.1"), ready("p-d", "127.0.2.2")))
                .synced())
        .isTrue();
    assertThat(world.sim.counters().writes()).isZero();
  }

  @Test
  void aForeignRecordAtOurNameGivesConflictNamingItAndStaysUntouched() {
    RecordSet foreign = RecordSet.simple(WEIGHTED, "A", 300, "198.51.100.7");
    world.sim.apply(world.zoneId, Change.create(foreign));
    var before = world.userRecords();

    DnsSyncResult r = dns.sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(r.status()).isEqualTo("False");
    assertThat(r.reason()).isEqualTo("Conflict");
    assertThat(r.message()).contains(WEIGHTED).contains("nothing was changed");
    assertThat(world.userRecords()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(world.sim.healthChecks()).isEmpty();
    assertThat(dns.cleanup(edge, "us-east-1").synced()).isTrue();
    assertThat(world.userRecords()).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void anotherResourceWithTheSameHostnameIsAConflictForTheSecond() {
    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    RegionalEdge copy = world.edge("copy", HOST, "us-east-1");
    DnsSyncResult r = dns.sync(copy, "us-east-1", list(ready("p-x", "127.0.9.9")));
    assertThat(r.reason()).isEqualTo("Conflict");
    assertThat(world.sim.healthChecks()).hasSize(1);
  }

  @Test
  void drainingARegionWithdrawsItsLatencyRecordOnlyWhileAnotherRegionAnswers() {
    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    edge.getSpec().getRegions().get(0).setDrain(true);
    var last = syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(world.at(HOST)).as("the name's last latency record is never withdrawn").hasSize(1);
    assertThat(last.message()).contains("drained").contains("latency record kept");

    syncUntilSynced(world.operator(), edge, "eu-west-1", list(ready("p-c", "127.0.2.1")));
    var r = syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(world.at(HOST)).extracting(RecordSet::setIdentifier).containsExactly("eu-west-1");
    assertThat(weighted()).hasSize(1);
    assertThat(r.message()).contains("drained").contains("withdrawn");
  }

  @Test
  void aHealthCheckSettingRouteCannotChangeInPlaceIsReplacedByANewCheck() {
    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    String old = world.sim.healthChecks().get(0).id();
    edge.getSpec().getDns().getHealthCheck().setRequestInterval(10);
    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(world.sim.healthChecks())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.id()).isNotEqualTo(old);
              assertThat(h.config().requestInterval()).isEqualTo(10);
            });
    assertThat(weighted())
        .singleElement()
        .satisfies(w -> assertThat(w.healthCheckId()).isNotEqualTo(old));
  }

  @Test
  void
      atTheHealthCheckQuotaTheInstancesWithChecksArePublishedAndStatusSaysQuotaExceededWithUsage() {
    world.close();
    world = new SimWorld(SimWorld.simulator().probing(false).healthCheckQuota(1));
    dns = world.operator();
    edge = world.edge("fast", HOST, "us-east-1");
    DnsSyncResult r =
        dns.sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2")));
    assertThat(r.reason()).isEqualTo("QuotaExceeded");
    assertThat(r.retryAfter()).isNotNull();
    assertThat(r.message())
        .contains("127.0.1.2")
        .contains("1 of 1 health checks of the account in use");
    assertThat(weighted())
        .as("the instance that has its check is published")
        .singleElement()
        .satisfies(w -> assertThat(w.values()).containsExactly("127.0.1.1"));
    assertThat(world.at(HOST)).hasSize(1);
  }

  @Test
  void aRestartedOperatorAsksRoute53OnceAboutAChangeItsStatusStillCallsPending() {
    var instances = list(ready("p-a", "127.0.1.1"));
    DnsSyncResult pending = dns.sync(edge, "us-east-1", instances);
    assertThat(pending.reason()).isEqualTo("Pending");
    edge.setStatus(new io.regionaledge.operator.api.RegionalEdgeStatus());
    edge.getStatus().setDnsRecords(pending.details());
    await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> true);
    world.sim.counters().reset();

    DnsSyncResult after = world.operator().sync(edge, "us-east-1", instances);
    assertThat(after.reason()).isEqualTo("Synced");
    assertThat(after.details().getLastChangeStatus()).isEqualTo("INSYNC");
    assertThat(world.sim.counters().snapshot())
        .containsOnlyKeys("ListResourceRecordSets", "GetChange");

    edge.getStatus().getDnsRecords().setLastChangeId("CNOSUCHCHANGE0000001");
    edge.getStatus().getDnsRecords().setLastChangeStatus("PENDING");
    assertThat(world.operator().sync(edge, "us-east-1", instances).reason())
        .as("a change Route53 forgot")
        .isEqualTo("Synced");
  }

  @Test
  void aZoneGivenByNameIsLookedUp() {
    edge.getSpec().getDns().setHostedZoneId(null);
    edge.getSpec().getDns().setHostedZoneName("example.com");
    var r = syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(r.details().getHostedZoneId()).isEqualTo(world.zoneId);
  }

  @Test
  void aZoneIsListedOncePerResyncForAllItsResourcesPageByPage() {
    for (int i = 0; i < 650; i++) {
      world.sim.apply(
          world.zoneId,
          Change.create(
              RecordSet.simple("host" + i + ".example.com", "A", 300, "192.0.2." + (i % 250 + 1))));
    }
    world.sim.counters().reset();
    for (int i = 0; i < 5; i++) {
      RegionalEdge e = world.edge("app" + i, "app" + i + ".example.com", "us-east-1");
      syncUntilSynced(dns, e, "us-east-1", list(ready("p", "127.0.4." + (i + 1))));
    }
    assertThat(world.sim.counters().count("ListResourceRecordSets"))
        .as("one listing of 3 pages for 5 resources")
        .isEqualTo(3);
    assertThat(world.userRecords()).hasSize(650 + 5 * 4);
  }

  @Test
  void aChangedPathPortOrThresholdUpdatesTheCheckInPlaceWithOneCallAndNoReplacement() {
    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    HealthCheck before = world.sim.healthChecks().get(0);
    world.sim.counters().reset();
    edge.getSpec().getDns().getHealthCheck().setPath("/ready");
    edge.getSpec().getDns().getHealthCheck().setFailureThreshold(5);
    edge.getSpec().getExposure().setPort(8443);
    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(world.sim.healthChecks())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.id()).isEqualTo(before.id());
              assertThat(h.callerReference()).isEqualTo(before.callerReference());
              assertThat(h.config().resourcePath()).isEqualTo("/ready");
              assertThat(h.config().failureThreshold()).isEqualTo(5);
              assertThat(h.config().port()).isEqualTo(8443);
              assertThat(h.version()).isEqualTo(before.version() + 1);
            });
    assertThat(world.sim.counters().count("UpdateHealthCheck")).isEqualTo(1);
    assertThat(world.sim.counters().count("CreateHealthCheck")).isZero();
    assertThat(world.sim.counters().count("DeleteHealthCheck")).isZero();
    assertThat(weighted())
        .singleElement()
        .satisfies(w -> assertThat(w.healthCheckId()).isEqualTo(before.id()));

    // settled: another sync (and a restarted operator) writes nothing
    world.sim.counters().reset();
    assertThat(dns.sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1"))).synced()).isTrue();
    assertThat(world.operator().sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1"))).synced())
        .isTrue();
    assertThat(world.sim.counters().writes()).isZero();
  }

  @Test
  void aReplacedChecksCallerReferenceIsNeverUsedAgainEvenWhenTheOldSettingsComeBack() {
    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    Set<String> refs = new java.util.HashSet<>();
    refs.add(world.sim.healthChecks().get(0).callerReference());
    for (int interval : new int[] {10, 30, 10}) {
      edge.getSpec().getDns().getHealthCheck().setRequestInterval(interval);
      syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
      assertThat(world.sim.healthChecks())
          .singleElement()
          .satisfies(
              h -> {
                assertThat(h.config().requestInterval()).isEqualTo(interval);
                assertThat(refs.add(h.callerReference())).as("a fresh CallerReference").isTrue();
              });
    }
  }

  @Test
  void anInstanceRoute53CannotCheckIsSkippedByNameAndTheOthersArePublished() {
    DnsSyncResult r =
        syncUntilSynced(
            dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1"), ready("p-b", "10.0.0.7")));
    assertThat(weighted())
        .singleElement()
        .satisfies(w -> assertThat(w.values()).containsExactly("127.0.1.1"));
    assertThat(world.sim.healthChecks())
        .singleElement()
        .satisfies(h -> assertThat(h.config().ipAddress()).isEqualTo("127.0.1.1"));
    assertThat(r.message())
        .contains("skipped pod p-b on node node-p-b (address 10.0.0.7 is in 10.0.0.0/8");
  }

  @Test
  void aForeignLatencyRecordForOurRegionOrAForeignWeightedSetAtTheNameIsAConflictNamingIt() {
    world.sim.apply(
        world.zoneId,
        Change.create(RecordSet.simple("elsewhere.example.com", "A", 60, "192.0.2.50")),
        Change.create(
            new RecordSet(
                HOST,
                "A",
                "legacy-us",
                null,
                "us-east-1",
                null,
                List.of(),
                new io.regionaledge.testkit.route53.AliasTarget(
                    world.zoneId, "elsewhere.example.com", false),
                null)));
    DnsSyncResult r = dns.sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(r.reason()).isEqualTo("Conflict");
    assertThat(r.message()).contains(HOST + " A [legacy-us]");
    assertThat(world.sim.healthChecks()).isEmpty();

    world.close();
    world = new SimWorld(SimWorld.simulator().probing(false));
    dns = world.operator();
    edge = world.edge("fast", HOST, "us-east-1");
    world.sim.apply(
        world.zoneId,
        Change.create(
            new RecordSet(HOST, "A", "old-vm", 10L, null, 60L, List.of("192.0.2.9"), null, null)));
    DnsSyncResult w = dns.sync(edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(w.reason()).isEqualTo("Conflict");
    assertThat(w.message()).contains(HOST + " A [old-vm]");
  }

  @Test
  void eachOperatorTakesItsShareOfTheAccountByTheRegionsOfItsLargestResource() {
    assertThat(world.lastBudget.sharedBy()).isEqualTo(1);
    double whole = world.lastBudget.ratePerSecond("CreateHealthCheck");
    syncUntilSynced(dns, edge, "us-east-1", list(ready("p-a", "127.0.1.1")));
    assertThat(world.lastBudget.sharedBy()).isEqualTo(2);
    assertThat(world.lastBudget.ratePerSecond("CreateHealthCheck")).isEqualTo(whole / 2);
    RegionalEdge three =
        world.edge("three", "three.example.com", "us-east-1", "eu-west-1", "ap-southeast-1");
    syncUntilSynced(dns, three, "us-east-1", list(ready("p-t", "127.0.5.1")));
    assertThat(world.lastBudget.sharedBy()).isEqualTo(3);
    assertThat(world.lastBudget.ratePerSecond())
        .isCloseTo(10 * SimWorld.TIME / 3, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aNewTtlReachesEveryWeightedMemberAlthoughRoute53RefusesMembersWithDifferentTtls() {
    var instances = list(ready("p-a", "127.0.1.1"), ready("p-b", "127.0.1.2"));
    syncUntilSynced(dns, edge, "us-east-1", instances);
    edge.getSpec().getDns().setTtl(30);
    syncUntilSynced(dns, edge, "us-east-1", instances);
    assertThat(weighted()).hasSize(2).extracting(RecordSet::ttl).containsOnly(30L);
    assertThat(world.at("proxy1-us-east-1-fast.example.com"))
        .extracting(RecordSet::ttl)
        .containsOnly(30L);
  }
}
