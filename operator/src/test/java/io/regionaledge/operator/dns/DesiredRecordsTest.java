package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.edge;
import static io.regionaledge.operator.dns.Edges.list;
import static io.regionaledge.operator.dns.Edges.ready;
import static io.regionaledge.operator.dns.Edges.unready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.RegionalEdge;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredRecordsTest {
  final RegionalEdge edge = edge("fast", "fast.example.com", "us-east-1", "eu-west-1");
  final Target t = Target.of(edge, "us-east-1", "Z1");

  static DesiredRecords.Desired withChecks(DesiredRecords.Desired d) {
    return new DesiredRecords.Desired(
        d.slots().stream().map(s -> s.withCheckId("hc-" + s.n())).toList(),
        d.latency(),
        d.note(),
        d.skipped());
  }

  @Test
  void twoReadyInstancesGiveTheLatencyAliasAWeightedMemberEachAndInstanceRecords() {
    var d =
        withChecks(
            DesiredRecords.slots(
                t, list(ready("p-a", "52.0.0.2"), ready("p-b", "52.0.0.1")), null, Set.of()));
    assertThat(DesiredRecords.records(t, d))
        .map(Rrset::toString)
        .containsExactly(
            "proxy1-us-east-1-fast.example.com A 52.0.0.1",
            "proxy-us-east-1-fast.example.com A [proxy1] weight=1 52.0.0.1 hc=hc-1",
            "proxy2-us-east-1-fast.example.com A 52.0.0.2",
            "proxy-us-east-1-fast.example.com A [proxy2] weight=1 52.0.0.2 hc=hc-2",
            "fast.example.com A [us-east-1] latency=us-east-1 alias->proxy-us-east-1-fast.example.com");
    assertThat(d.slots())
        .allSatisfy(
            s -> {
              assertThat(s.check().fqdn()).isEqualTo("fast.example.com");
              assertThat(s.check().path()).isEqualTo("/.well-known/regionaledge/health");
              assertThat(s.check().port()).isEqualTo(443);
              assertThat(s.check().requestInterval()).isEqualTo(30);
              assertThat(s.check().failureThreshold()).isEqualTo(3);
            });
  }

  @Test
  void anUnreadyInstanceKeepsItsRecordAndCheckButLeavesTheWeightedSet() {
    var d =
        withChecks(
            DesiredRecords.slots(
                t, list(ready("p-a", "52.0.0.1"), unready("p-b", "52.0.0.2")), null, Set.of()));
    var records = DesiredRecords.records(t, d);
    assertThat(records)
        .filteredOn(r -> r.name().startsWith("proxy-"))
        .map(Rrset::setIdentifier)
        .containsExactly("proxy1");
    assertThat(records).filteredOn(r -> r.name().startsWith("proxy2-")).hasSize(1);
    assertThat(d.latency()).isTrue();
  }

  @Test
  void withNoReadyInstanceTheLatencyRecordIsWithdrawnAndTheReasonGiven() {
    var d = DesiredRecords.slots(t, list(unready("p-a", "52.0.0.1")), null, Set.of());
    assertThat(d.latency()).isFalse();
    assertThat(d.note()).contains("no ready instance");
  }

  @Test
  void aDrainedRegionWithdrawsTheLatencyRecordButKeepsItsInstances() {
    edge.getSpec().getRegions().get(0).setDrain(true);
    var drained = Target.of(edge, "us-east-1", "Z1");
    var d =
        withChecks(DesiredRecords.slots(drained, list(ready("p-a", "52.0.0.1")), null, Set.of()));
    assertThat(d.latency()).isFalse();
    assertThat(d.note()).contains("drained");
    assertThat(DesiredRecords.records(drained, d))
        .map(Rrset::name)
        .doesNotContain("fast.example.com");
  }

  @Test
  void slotsStayWithTheirAddressAndNewAddressesTakeTheLowestFreeSlot() {
    var registry =
        new Registry(
            "shop/fast",
            "uid-fast",
            "us-east-1",
            3,
            List.of(new Registry.Entry(2, "52.0.0.9", "hc-old", t.check("52.0.0.9").digest())),
            List.of());
    var d =
        DesiredRecords.slots(
            t,
            list(ready("p-x", "52.0.0.9"), ready("p-y", "52.0.0.5"), ready("p-z", "52.0.0.7")),
            registry,
            Set.of(1));
    assertThat(d.slots())
        .extracting(
            DesiredRecords.Slot::n, DesiredRecords.Slot::address, DesiredRecords.Slot::checkId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "52.0.0.9", "hc-old"),
            org.assertj.core.groups.Tuple.tuple(3, "52.0.0.5", null),
            org.assertj.core.groups.Tuple.tuple(4, "52.0.0.7", null));
  }

  @Test
  void aChangedPathOrThresholdKeepsTheCheckToUpdateInPlace() {
    var registry =
        new Registry(
            "shop/fast",
            "uid-fast",
            "us-east-1",
            3,
            List.of(
                new Registry.Entry(
                    1,
                    "52.0.0.1",
                    "hc-old",
                    t.check("52.0.0.1").digest(),
                    t.check("52.0.0.1").fixedDigest())),
            List.of());
    edge.getSpec().getDns().getHealthCheck().setPath("/other");
    edge.getSpec().getDns().getHealthCheck().setFailureThreshold(5);
    var d =
        DesiredRecords.slots(
            Target.of(edge, "us-east-1", "Z1"), list(ready("p", "52.0.0.1")), registry, Set.of());
    assertThat(d.slots())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.checkId()).isEqualTo("hc-old");
              assertThat(s.outdated()).isTrue();
              assertThat(s.check().path()).isEqualTo("/other");
            });
  }

  @Test
  void anOwnershipRecordWrittenBeforeFixedDigestsWereKeptReplacesAChangedCheck() {
    var registry =
        new Registry(
            "shop/fast",
            "uid-fast",
            "us-east-1",
            3,
            List.of(new Registry.Entry(1, "52.0.0.1", "hc-old", t.check("52.0.0.1").digest())),
            List.of());
    edge.getSpec().getDns().getHealthCheck().setPath("/other");
    var d =
        DesiredRecords.slots(
            Target.of(edge, "us-east-1", "Z1"), list(ready("p", "52.0.0.1")), registry, Set.of());
    assertThat(d.slots().get(0).checkId()).isNull();
  }

  @Test
  void instancesRoute53CannotCheckAreSkippedNamingPodNodeAndAddressAndTheRestArePublished() {
    var d =
        DesiredRecords.slots(
            t,
            list(ready("p-a", "10.1.2.3"), ready("p-b", "52.0.0.2"), ready("p-c", "127.0.0.1")),
            null,
            Set.of(),
            PublicAddresses.route53(),
            true);
    assertThat(d.slots()).extracting(DesiredRecords.Slot::address).containsExactly("52.0.0.2");
    assertThat(d.latency()).isTrue();
    assertThat(d.skipped())
        .containsExactly(
            "pod p-a on node node-p-a (address 10.1.2.3 is in 10.0.0.0/8, a private, loopback or reserved range Route53 "
                + "cannot health-check)",
            "pod p-c on node node-p-c (address 127.0.0.1 is in 127.0.0.0/8, a private, loopback or reserved range Route53 "
                + "cannot health-check)");
    var allowed =
        DesiredRecords.slots(
            t,
            list(ready("p-c", "127.0.0.1")),
            null,
            Set.of(),
            PublicAddresses.allowing(List.of("127.0.0.0/8")),
            true);
    assertThat(allowed.slots()).hasSize(1);
  }

  @Test
  void
      withNothingReadyTheLatencyRecordGoesOnlyWhileAnotherRegionAnswersElseEveryInstanceFallsBackToItsCheck() {
    var none = list(unready("p-a", "52.0.0.1"), unready("p-b", "52.0.0.2"));
    var others = DesiredRecords.slots(t, none, null, Set.of(), PublicAddresses.route53(), true);
    assertThat(others.latency()).isFalse();
    assertThat(others.note()).contains("withdrawn");
    var last = DesiredRecords.slots(t, none, null, Set.of(), PublicAddresses.route53(), false);
    assertThat(last.latency()).isTrue();
    assertThat(last.fallback()).isTrue();
    var ids = new java.util.ArrayList<DesiredRecords.Slot>();
    last.slots().forEach(s -> ids.add(s.withCheckId("hc-" + s.n())));
    var records =
        DesiredRecords.records(
            t,
            new DesiredRecords.Desired(
                ids, last.latency(), last.note(), last.skipped(), last.fallback()));
    assertThat(records)
        .filteredOn(r -> r.weight() != null)
        .extracting(Rrset::healthCheckId)
        .containsExactlyInAnyOrder("hc-1", "hc-2");
    assertThat(records).filteredOn(r -> r.region() != null).hasSize(1);
    var empty =
        DesiredRecords.slots(t, List.of(), null, Set.of(), PublicAddresses.route53(), false);
    assertThat(empty.latency()).as("no instance at all: nothing to alias to").isFalse();
  }

  @Test
  void aChangedRequestIntervalAsksForANewCheck() {
    var registry =
        new Registry(
            "shop/fast",
            "uid-fast",
            "us-east-1",
            3,
            List.of(
                new Registry.Entry(
                    1,
                    "52.0.0.1",
                    "hc-old",
                    t.check("52.0.0.1").digest(),
                    t.check("52.0.0.1").fixedDigest())),
            List.of());
    edge.getSpec().getDns().getHealthCheck().setRequestInterval(10);
    var changed = Target.of(edge, "us-east-1", "Z1");
    var d = DesiredRecords.slots(changed, list(ready("p", "52.0.0.1")), registry, Set.of());
    assertThat(d.slots().get(0).n()).isEqualTo(1);
    assertThat(d.slots().get(0).checkId()).isNull();
  }

  @Test
  void podsBehindOneLoadBalancerAddressBecomeOneMemberReadyIfAnyIs() {
    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
    var d =
        DesiredRecords.slots(
            t,
            list(unready("p-a", "52.9.9.9"), ready("p-b", "52.9.9.9"), unready("p-c", "52.9.9.9")),
            null,
            Set.of());
    assertThat(d.slots()).hasSize(1);
    assertThat(d.slots().get(0).ready()).isTrue();
  }

  @Test
  void instancesWithoutAUsableAddressAreSkippedAndNamed() {
    var d =
        DesiredRecords.slots(
            t, list(ready("p-a", null), ready("p-b", "lb.elb.amazonaws.com")), null, Set.of());
    assertThat(d.slots()).isEmpty();
    assertThat(d.skipped())
        .containsExactly(
            "p-a (no public address)", "p-b (address lb.elb.amazonaws.com is not an IPv4 address)");
  }

  @Test
  void callerReferencesAreDeterministicAndDifferPerSerialAndSettings() {
    assertThat(t.callerReference("52.0.0.1", 0, 0))
        .isEqualTo(t.callerReference("52.0.0.1", 0, 0))
        .hasSizeLessThanOrEqualTo(64);
    assertThat(t.callerReference("52.0.0.1", 1, 0))
        .isNotEqualTo(t.callerReference("52.0.0.1", 0, 0));
    assertThat(t.callerReference("52.0.0.2", 0, 0))
        .isNotEqualTo(t.callerReference("52.0.0.1", 0, 0));
  }

  @Test
  void callerReferencesStartWithAPrefixOfTheResourceAndRegionOnly() {
    String prefix = t.callerReferencePrefix();
    assertThat(t.callerReference("52.0.0.1", 7, 0)).startsWith(prefix);
    assertThat(t.callerReference("52.0.0.2", 0, 3)).startsWith(prefix).hasSizeLessThanOrEqualTo(64);
    assertThat(Target.of(edge, "us-east-1", "Z1").callerReferencePrefix()).isEqualTo(prefix);
    String eu = Target.of(edge, "eu-west-1", "Z1").callerReferencePrefix();
    String other =
        Target.of(edge("other", "other.example.com", "us-east-1"), "us-east-1", "Z1")
            .callerReferencePrefix();
    assertThat(eu).isNotEqualTo(prefix);
    assertThat(other).isNotEqualTo(prefix);
    assertThat(t.callerReference("52.0.0.1", 0, 0)).doesNotStartWith(eu).doesNotStartWith(other);
  }

  @Test
  void onlyOurOwnPerInstanceNamesHaveASlot() {
    assertThat(t.slotOf("proxy1-us-east-1-fast.example.com")).isEqualTo(1);
    assertThat(t.slotOf("proxy1234-us-east-1-fast.example.com")).isEqualTo(1234);
    assertThat(t.slotOf("proxy-us-east-1-fast.example.com")).isEqualTo(-1);
    assertThat(t.slotOf("proxy0-us-east-1-fast.example.com")).isEqualTo(-1);
    assertThat(t.slotOf("proxy12345-us-east-1-fast.example.com")).isEqualTo(-1);
    assertThat(t.slotOf("proxy1x-us-east-1-fast.example.com")).isEqualTo(-1);
    assertThat(t.slotOf("proxy1-eu-west-1-fast.example.com")).isEqualTo(-1);
    assertThat(t.slotOf("proxy1-us-east-1-faster.example.com")).isEqualTo(-1);
    assertThat(t.slotOf("xproxy1-us-east-1-fast.example.com")).isEqualTo(-1);
  }

  @Test
  void aHostnameWhoseFirstLabelCannotTakeThePrefixIsAClearError() {
    var e = edge("long", "a".repeat(50) + ".example.com", "us-east-1");
    assertThatThrownBy(() -> Target.of(e, "us-east-1", "Z1")).hasMessageContaining("63 characters");
  }

  @Test
  void registryRoundTripsThroughItsTxtRecord() {
    var r =
        new Registry(
            "shop/fast",
            "uid-fast",
            "us-east-1",
            7,
            List.of(
                new Registry.Entry(1, "52.0.0.1", "hc1", "abc"),
                new Registry.Entry(2, "52.0.0.2", "hc2", "def")),
            List.of("hc0"));
    var txt = r.toRecord(t.registryName(), 60);
    assertThat(txt.values())
        .allSatisfy(v -> assertThat(v).startsWith("\"").endsWith("\"").hasSizeLessThan(255));
    assertThat(Registry.parse(txt)).contains(r);
    assertThat(Registry.parse(Rrset.simple("x", "TXT", 60, "\"v=spf1 -all\""))).isEmpty();
  }

  @Test
  void aHundredInstancesReplacedAtOnceStillFitOneAtomicBatch() {
    List<io.regionaledge.operator.api.InstanceStatus> hundred = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add(ready("p" + i, "52.0." + (i / 200) + "." + (i + 1)));
    }
    var d = withChecks(DesiredRecords.slots(t, hundred, null, Set.of()));
    var records = new java.util.ArrayList<>(DesiredRecords.records(t, d));
    var registry =
        Registry.empty("shop/fast", "uid-fast", "us-east-1")
            .withFacts(
                d.slots().stream()
                    .map(
                        s ->
                            new Registry.Entry(
                                s.n(),
                                s.address(),
                                "01234567-89ab-cdef-0123-456789abcdef",
                                s.check().digest()))
                    .toList(),
                List.of(),
                "uid-fast");
    records.add(registry.toRecord(t.registryName(), 60));
    java.util.Map<Rrset.Key, Rrset> owned = new java.util.LinkedHashMap<>();
    // everything held with other values: every record is an UPSERT, the most Route53 counts
    for (Rrset r : records) {
      Rrset other =
          new Rrset(
              r.name(),
              r.type(),
              r.setIdentifier(),
              r.weight(),
              r.region(),
              r.ttl() == null ? null : r.ttl() + 1,
              r.values(),
              r.alias(),
              r.healthCheckId());
      owned.put(other.key(), other);
    }
    var plan = DnsPlan.diff(owned, records);
    // the alias record has no TTL to differ in; a weighted member's new TTL is a DELETE and a
    // CREATE
    // (counted 1 + 1, like an UPSERT's 2); every other record (101) is an UPSERT
    assertThat(plan.changes()).filteredOn(c -> c.action() == Change.Action.UPSERT).hasSize(101);
    assertThat(plan.changes())
        .filteredOn(c -> c.action() == Change.Action.DELETE)
        .hasSize(100)
        .allMatch(c -> c.record().weight() != null);
    assertThat(plan.changes()).filteredOn(c -> c.action() == Change.Action.CREATE).hasSize(100);
    assertThat(plan.changes().stream().mapToInt(Change::recordCount).sum()).isGreaterThan(600);
    assertThat(plan.batches()).hasSize(1);
  }
}
