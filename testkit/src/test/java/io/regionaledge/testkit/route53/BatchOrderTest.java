package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Route53 validates a batch change by change, in order, against what the changes before it left.
 */
class BatchOrderTest {
  private final Route53Account account =
      Route53Account.of(Clock.systemUTC(), Duration.ofSeconds(1), 10, true);
  private final HostedZoneStore store = account.zones;
  private final String zone = store.create("example.com", "ref", null).id();

  private static RecordSet w(String name, String id, long ttl, String ip) {
    return new RecordSet(name, "A", id, 1L, null, ttl, List.of(ip), null, null);
  }

  private static RecordSet latency(
      String name, String id, String region, String zoneId, String target) {
    return new RecordSet(
        name, "A", id, null, region, null, List.of(), new AliasTarget(zoneId, target, true), null);
  }

  private void refused(String messagePart, Change... changes) {
    var before = store.snapshot(zone);
    assertThatThrownBy(() -> store.change(zone, List.of(changes), null))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("InvalidChangeBatch"))
        .hasMessageContaining(messagePart);
    assertThat(store.snapshot(zone)).isEqualTo(before);
  }

  @Test
  void anAliasBeforeItsTargetInTheSameBatchIsRefusedAndAfterItIsAccepted() {
    RecordSet alias =
        latency("fast.example.com", "us-east-1", "us-east-1", zone, "proxy.example.com");
    refused(
        "Tried to create an alias that targets proxy.example.com., type A in zone "
            + zone
            + ", but that target was not found",
        Change.create(alias),
        Change.create(w("proxy.example.com", "p1", 60, "192.0.2.1")));
    store.change(
        zone,
        List.of(Change.create(w("proxy.example.com", "p1", 60, "192.0.2.1")), Change.create(alias)),
        null);
    assertThat(store.snapshot(zone).at("fast.example.com", "A")).hasSize(1);
  }

  @Test
  void aCnameCreatedBeforeTheRecordAtItsNameIsDeletedIsRefused() {
    RecordSet a = RecordSet.simple("x.example.com", "A", 60, "192.0.2.1");
    RecordSet cname = RecordSet.simple("x.example.com", "CNAME", 60, "elsewhere.example.org");
    store.change(zone, List.of(Change.create(a)), null);
    refused(
        "RRSet of type CNAME with DNS name x.example.com. is not permitted as it conflicts with other records",
        Change.create(cname),
        Change.delete(a));
    store.change(zone, List.of(Change.delete(a), Change.create(cname)), null);
    refused(
        "RRSet of type A with DNS name x.example.com. is not permitted because a conflicting RRSet of type CNAME",
        Change.create(a));
  }

  @Test
  void aSecondLatencyRecordForTheSameRegionIsRefused() {
    store.change(
        zone,
        List.of(
            Change.create(w("p.example.com", "p1", 60, "192.0.2.1")),
            Change.create(latency("fast.example.com", "mine", "eu-west-1", zone, "p.example.com"))),
        null);
    refused(
        "SetIdentifier theirs, and Region Name=eu-west-1 cannot be created because a latency RRSet with the same "
            + "name, type and region already exists.",
        Change.create(latency("fast.example.com", "theirs", "eu-west-1", zone, "p.example.com")));
  }

  @Test
  void aWeightedMemberWithAnotherTtlThanTheSetIsRefusedEvenInsideOneBatch() {
    store.change(
        zone,
        List.of(
            Change.create(w("p.example.com", "p1", 60, "192.0.2.1")),
            Change.create(w("p.example.com", "p2", 60, "192.0.2.2"))),
        null);
    refused(
        "RRSet with DNS name p.example.com. and type A, SetIdentifier p1 cannot be created as weighted sets must "
            + "contain the same TTL.",
        Change.upsert(w("p.example.com", "p1", 30, "192.0.2.1")),
        Change.upsert(w("p.example.com", "p2", 30, "192.0.2.2")));
    // deleting every member first, then creating them with the new TTL, is the order that works
    store.change(
        zone,
        List.of(
            Change.delete(w("p.example.com", "p1", 60, "192.0.2.1")),
            Change.delete(w("p.example.com", "p2", 60, "192.0.2.2")),
            Change.create(w("p.example.com", "p1", 30, "192.0.2.1")),
            Change.create(w("p.example.com", "p2", 30, "192.0.2.2"))),
        null);
    assertThat(store.snapshot(zone).at("p.example.com", "A"))
        .extracting(RecordSet::ttl)
        .containsOnly(30L);
  }

  @Test
  void anAliasIntoAnotherSimulatedZoneIsRefused() {
    String other = store.create("example.net", "ref2", null).id();
    store.change(
        other,
        List.of(Change.create(RecordSet.simple("t.example.net", "A", 60, "192.0.2.1"))),
        null);
    refused(
        "can't reference a resource record set in a different hosted zone",
        Change.create(
            latency("fast.example.com", "us-east-1", "us-east-1", other, "t.example.net")));
  }

  @Test
  void anAliasToAZoneTheSimulatorDoesNotHoldIsRefusedUnlessItsTargetIsRegistered() {
    RecordSet toLb =
        new RecordSet(
            "lb.example.com",
            "A",
            null,
            null,
            null,
            null,
            List.of(),
            new AliasTarget("Z26RNL4JYFTOTI", "a1.elb.us-east-1.amazonaws.com", true),
            null);
    refused("but that target was not found", Change.create(toLb));
    account.aliasTargets.register("Z26RNL4JYFTOTI", "a1.elb.us-east-1.amazonaws.com");
    store.change(zone, List.of(Change.create(toLb)), null);
    assertThat(store.snapshot(zone).at("lb.example.com", "A")).hasSize(1);
  }

  @Test
  void everyRefusedChangeOfABatchIsReportedNotOnlyTheFirst() {
    store.change(zone, List.of(Change.create(w("p.example.com", "p1", 60, "192.0.2.1"))), null);
    assertThatThrownBy(
            () ->
                store.change(
                    zone,
                    List.of(
                        Change.create(w("p.example.com", "p2", 30, "192.0.2.2")),
                        Change.create(
                            latency(
                                "fast.example.com",
                                "x",
                                "us-east-1",
                                zone,
                                "missing.example.com"))),
                    null))
        .hasMessageContaining("weighted sets must contain the same TTL")
        .hasMessageContaining("missing.example.com., type A");
  }
}
