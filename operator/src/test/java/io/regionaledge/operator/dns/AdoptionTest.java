package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.edge;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdoptionTest {
  static final String HOST = "fast.example.com";
  final Target t = Target.of(edge("fast", HOST, "us-east-1", "eu-west-1"), "us-east-1", "Z1");

  @Test
  void theSeedsTreeOfThisRegionIsRecognisedAndTheOtherRegionsIsLeftAlone() {
    List<Rrset> zone = SeedTree.both(HOST, 300);
    Adoption.Found f = Adoption.recognise(t, zone, null, true);

    assertThat(f.refusals()).isEmpty();
    assertThat(f.records())
        .containsExactlyInAnyOrderElementsOf(
            SeedTree.region("us-east-1", HOST, 300, "hc-us-1", "hc-us-2"));
    assertThat(f.checkIds()).containsExactly("hc-us-1", "hc-us-2");
  }

  @Test
  void otherNamingAndAliasesAreFollowedFromTheLatencyRecord() {
    Rrset top = Rrset.latencyAlias(HOST, "us-east-1", "Z1", "haproxy-virginia.example.com");
    top =
        new Rrset(
            top.name(), "A", "Virginia", null, "us-east-1", null, List.of(), top.alias(), null);
    Rrset m1 = Rrset.weighted("haproxy-virginia.example.com", "vm-a", 10, 300, "52.0.0.1", "hc-a");
    Rrset m2 =
        new Rrset(
            "haproxy-virginia.example.com",
            "A",
            "vm-b",
            10L,
            null,
            null,
            List.of(),
            new Rrset.Alias("Z1", "vm-b.example.com", false),
            "hc-b");
    Rrset vmB = Rrset.simple("vm-b.example.com", "A", 300, "52.0.0.2");
    Rrset unrelated = Rrset.simple("www.example.com", "A", 300, "52.9.9.9");

    Adoption.Found f = Adoption.recognise(t, List.of(top, m1, m2, vmB, unrelated), null, true);

    assertThat(f.refusals()).isEmpty();
    assertThat(f.records()).containsExactlyInAnyOrder(top, m1, m2, vmB);
    assertThat(f.checkIds()).containsExactly("hc-a", "hc-b");
  }

  @Test
  void withoutAdoptOnlyWhatTheOwnershipRecordListsIsTakenOver() {
    List<Rrset> zone = SeedTree.both(HOST, 300);
    Rrset listed = zone.get(2);
    Registry reg =
        Registry.empty("shop/fast", "uid-fast", "us-east-1")
            .withAdopted(List.of(listed.key(), new Rrset.Key("gone.example.com", "A", null)));

    assertThat(Adoption.recognise(t, zone, null, false).isEmpty()).isTrue();
    assertThat(Adoption.recognise(t, zone, reg, false).records()).containsExactly(listed);
  }

  @Test
  void aWeightedSetThatAnotherRegionsLatencyRecordAlsoPointsAtIsRefused() {
    List<Rrset> zone = new ArrayList<>(SeedTree.region("us-east-1", HOST, 300, "hc-us-1"));
    zone.add(
        new Rrset(
            HOST,
            "CNAME",
            "eu-west-1",
            null,
            "eu-west-1",
            300L,
            List.of("proxy-us-east-1-" + HOST),
            null,
            null));

    Adoption.Found f = Adoption.recognise(t, zone, null, true);

    assertThat(f.refusals())
        .singleElement()
        .asString()
        .contains("eu-west-1")
        .contains("shared between regions");
  }

  @Test
  void failoverOrGeolocationMembersAreRefusedWithTheReason() {
    List<Rrset> zone = new ArrayList<>(SeedTree.region("us-east-1", HOST, 300, "hc-us-1"));
    // a failover record as listed: a SetIdentifier with neither Weight nor Region
    zone.add(
        new Rrset(
            "proxy-us-east-1-" + HOST,
            "CNAME",
            "primary",
            null,
            null,
            300L,
            List.of("x.example.net"),
            null,
            null));

    assertThat(Adoption.recognise(t, zone, null, true).refusals())
        .singleElement()
        .asString()
        .contains("failover");
  }

  @Test
  void anAaaaLatencyRecordIsRefused() {
    Rrset aaaa =
        new Rrset(
            HOST,
            "AAAA",
            "us-east-1",
            null,
            "us-east-1",
            null,
            List.of(),
            new Rrset.Alias("Z1", "proxy-us-east-1-" + HOST, true),
            null);

    assertThat(Adoption.recognise(t, List.of(aaaa), null, true).refusals())
        .singleElement()
        .asString()
        .contains("AAAA");
  }

  @Test
  void takingOverClearsTheConflictsAndFreesTheSeedsInstanceNames() {
    List<Rrset> zone = SeedTree.both(HOST, 300);
    Ownership before = Ownership.observe(t, zone);
    assertThat(before.conflicts()).isNotEmpty();
    assertThat(before.foreignSlots()).containsExactly(1, 2);

    Ownership after = Adoption.takeOver(t, before, Adoption.recognise(t, zone, null, true));

    assertThat(after.conflicts()).isEmpty();
    assertThat(after.foreignSlots()).isEmpty();
    assertThat(after.owned()).hasSize(5);
  }

  @Test
  void aCheckAtTheInstancesAddressWithTheSameIntervalIsReusedAndUpdatedWhereItDiffers() {
    CheckConfig want = t.check("52.0.0.1");
    var slot = new DesiredRecords.Slot(1, "52.0.0.1", "p-a", true, want, null);
    var other = new DesiredRecords.Slot(2, "52.0.0.2", "p-b", true, t.check("52.0.0.2"), null);
    var samePlace = observed("hc-1", "HTTPS", "52.0.0.1", want.requestInterval(), "/");
    var http = observed("hc-2", "HTTP", "52.0.0.2", want.requestInterval(), want.path());

    var d =
        Adoption.reuse(
            new DesiredRecords.Desired(List.of(slot, other), true, null, List.of()),
            List.of(samePlace, http));

    assertThat(d.slots().get(0).checkId()).isEqualTo("hc-1");
    assertThat(d.slots().get(0).outdated()).as("path differs: one UpdateHealthCheck").isTrue();
    assertThat(d.slots().get(1).checkId()).as("HTTP cannot become HTTPS in place").isNull();
  }

  @Test
  void aCheckWithAnotherIntervalOrAddressIsNotReused() {
    CheckConfig want = t.check("52.0.0.1");
    var slot = new DesiredRecords.Slot(1, "52.0.0.1", "p-a", true, want, null);
    var otherInterval =
        observed("hc-1", "HTTPS", "52.0.0.1", want.requestInterval() == 30 ? 10 : 30, want.path());
    var otherAddress = observed("hc-2", "HTTPS", "52.0.0.9", want.requestInterval(), want.path());

    var d =
        Adoption.reuse(
            new DesiredRecords.Desired(List.of(slot), true, null, List.of()),
            List.of(otherInterval, otherAddress));

    assertThat(d.slots().get(0).checkId()).isNull();
  }

  @Test
  void aMatchingCheckIsReusedAsItIsWithoutAnUpdate() {
    CheckConfig want = t.check("52.0.0.1");
    var slot = new DesiredRecords.Slot(1, "52.0.0.1", "p-a", true, want, null);
    var same =
        new Route53Api.ObservedCheck(
            "hc-1",
            "HTTPS",
            want.ipAddress(),
            want.port(),
            want.fqdn() + ".",
            want.path(),
            null,
            want.requestInterval(),
            want.failureThreshold(),
            false,
            false,
            false);

    var d =
        Adoption.reuse(
            new DesiredRecords.Desired(List.of(slot), true, null, List.of()), Set.of(same));

    assertThat(d.slots().get(0).checkId()).isEqualTo("hc-1");
    assertThat(d.slots().get(0).outdated()).isFalse();
  }

  static Route53Api.ObservedCheck observed(
      String id, String type, String ip, int interval, String path) {
    return new Route53Api.ObservedCheck(
        id, type, ip, 443, HOST, path, null, interval, 3, false, false, false);
  }
}
