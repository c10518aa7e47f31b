package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostedZoneStoreTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final Route53Account account = Route53Account.of(clock, Duration.ofSeconds(1), 10, true);
  private final HostedZoneStore store = account.zones;
  private final String zone = store.create("example.com", "ref", null).id();

  private static RecordSet a(String name, String... ips) {
    return RecordSet.simple(name, "A", 60, ips);
  }

  private static RecordSet w(String name, String id, String ip) {
    return new RecordSet(name, "A", id, 1L, null, 60L, List.of(ip), null, null);
  }

  private void rejects(String messagePart, Change... changes) {
    rejects("InvalidChangeBatch", messagePart, changes);
  }

  private void rejects(String code, String messagePart, Change... changes) {
    assertThatThrownBy(() -> store.change(zone, List.of(changes), null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.status()).isEqualTo(400);
            })
        .hasMessageContaining(messagePart);
  }

  @Test
  void aDeleteAndCreateInOneBatchSwapsASimpleRecordForAWeightedSetAtomically() {
    store.change(zone, List.of(Change.create(a("x.example.com", "192.0.2.1"))), null);
    store.change(
        zone,
        List.of(
            Change.delete(a("x.example.com", "192.0.2.1")),
            Change.create(w("x.example.com", "one", "192.0.2.2"))),
        null);
    assertThat(store.snapshot(zone).at("x.example.com", "A"))
        .extracting(RecordSet::setIdentifier)
        .containsExactly("one");
  }

  @Test
  void aRejectedBatchChangesNothingAndReportsEveryProblem() {
    store.change(zone, List.of(Change.create(a("x.example.com", "192.0.2.1"))), null);
    var before = store.snapshot(zone);
    assertThatThrownBy(
            () ->
                store.change(
                    zone,
                    List.of(
                        Change.upsert(a("y.example.com", "192.0.2.9")),
                        Change.create(a("x.example.com", "192.0.2.1")),
                        Change.delete(a("z.example.com", "192.0.2.1"))),
                    null))
        .hasMessageStartingWith(
            "[Tried to create resource record set [name='x.example.com.', type='A'] but it already exists, "
                + "Tried to delete resource record set [name='z.example.com.', type='A'] but it was not found]");
    assertThat(store.snapshot(zone)).isEqualTo(before);
  }

  @Test
  void deleteMatchesValuesInAnyOrderButNotASubset() {
    store.change(zone, List.of(Change.create(a("x.example.com", "192.0.2.1", "192.0.2.2"))), null);
    rejects("do not match", Change.delete(a("x.example.com", "192.0.2.1")));
    store.change(zone, List.of(Change.delete(a("x.example.com", "192.0.2.2", "192.0.2.1"))), null);
    assertThat(store.snapshot(zone).userRecords()).isEmpty();
  }

  @Test
  void recordValuesAndShapesAreCheckedAsRoute53Does() {
    rejects("not permitted in zone", Change.create(a("x.example.org", "192.0.2.1")));
    rejects("ARRDATAIllegalIPv4Address", Change.create(a("x.example.com", "300.1.1.1")));
    rejects(
        "enclosed in quotation marks",
        Change.create(RecordSet.simple("t.example.com", "TXT", 60, "bare")));
    rejects(
        "InvalidInput",
        "Invalid request: Expected exactly one of [AliasTarget",
        Change.create(
            new RecordSet(
                "x.example.com", "A", null, null, null, null, List.of("192.0.2.1"), null, null)));
    rejects(
        "InvalidInput",
        "Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, or "
            + "MultiValueAnswer], but found none in Change with [Action=CREATE, Name=x.example.com., Type=A, "
            + "SetIdentifier=lonely]",
        Change.create(
            new RecordSet(
                "x.example.com",
                "A",
                "lonely",
                null,
                null,
                60L,
                List.of("192.0.2.1"),
                null,
                null)));
    rejects(
        "InvalidInput",
        "Missing field 'SetIdentifier'",
        Change.create(
            new RecordSet(
                "x.example.com", "A", null, 5L, null, 60L, List.of("192.0.2.1"), null, null)));
    rejects(
        "conflicts with other records",
        Change.create(a("c.example.com", "192.0.2.1")),
        Change.create(RecordSet.simple("c.example.com", "CNAME", 60, "elsewhere.example.org")));
    store.change(
        zone,
        List.of(
            Change.create(RecordSet.simple("t.example.com", "TXT", 60, "\"owner=us-east-1\"")),
            Change.create(RecordSet.simple("v6.example.com", "AAAA", 60, "2001:db8::1"))),
        null);
  }

  @Test
  void changesArePendingUntilTheDelayThenInsync() {
    ChangeInfo c =
        store.change(zone, List.of(Change.create(a("x.example.com", "192.0.2.1"))), "why");
    assertThat(c.status(clock.instant())).isEqualTo("PENDING");
    assertThat(account.changes.get("/change/" + c.id()).status(clock.instant().plusMillis(1000)))
        .isEqualTo("INSYNC");
    assertThatThrownBy(() -> account.changes.get("CNOPE"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("NoSuchChange"));
  }

  @Test
  void listingOrderIsByReversedLabelsThenTypeThenSetIdentifier() {
    store.change(
        zone,
        List.of(
            Change.create(a("b.example.com", "192.0.2.1")),
            Change.create(a("a.b.example.com", "192.0.2.1")),
            Change.create(w("a.example.com", "y", "192.0.2.1")),
            Change.create(w("a.example.com", "x", "192.0.2.1")),
            Change.create(RecordSet.simple("a.example.com", "TXT", 60, "\"t\"")),
            Change.create(a("*.example.com", "192.0.2.1"))),
        null);
    assertThat(store.listRecords(zone, null, null, null, 100).records())
        .extracting(
            r ->
                r.name()
                    + " "
                    + r.type()
                    + (r.setIdentifier() == null ? "" : " " + r.setIdentifier()))
        .containsExactly(
            "example.com. NS",
            "example.com. SOA",
            "\\052.example.com. A",
            "a.example.com. A x",
            "a.example.com. A y",
            "a.example.com. TXT",
            "b.example.com. A",
            "a.b.example.com. A");
  }

  @Test
  void namesSortAsAsciiWithLabelsReversedSoAHyphenSortsBeforeADot() {
    store.change(
        zone,
        List.of(
            Change.create(a("b.a.example.com", "192.0.2.1")),
            Change.create(a("a-b.example.com", "192.0.2.1")),
            Change.create(a("a.example.com", "192.0.2.1"))),
        null);
    assertThat(store.snapshot(zone).userRecords())
        .extracting(RecordSet::name)
        .containsExactly("a-b.example.com.", "a.example.com.", "b.a.example.com.");
    assertThat(store.listRecords(zone, "a.example.com", null, null, 10).records())
        .extracting(RecordSet::name)
        .containsExactly("a.example.com.", "b.a.example.com.");
  }

  @Test
  void aZoneWithRecordsCannotBeDeleted() {
    store.change(zone, List.of(Change.create(a("x.example.com", "192.0.2.1"))), null);
    assertThatThrownBy(() -> store.delete(zone))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("HostedZoneNotEmpty"));
    store.change(zone, List.of(Change.delete(a("x.example.com", "192.0.2.1"))), null);
    store.delete(zone);
    assertThat(store.zones()).isEmpty();
  }

  @Test
  void txtValuesAreQuotedStringsOfAtMost255Characters() {
    rejects(
        "CharacterStringTooLong",
        Change.create(RecordSet.simple("t.example.com", "TXT", 60, "\"" + "x".repeat(256) + "\"")));
    rejects(
        "quotation marks", Change.create(RecordSet.simple("t.example.com", "TXT", 60, "\"open")));
    store.change(
        zone,
        List.of(
            Change.create(
                RecordSet.simple(
                    "t.example.com",
                    "TXT",
                    60,
                    "\"" + "x".repeat(255) + "\" \"" + "y".repeat(100) + "\"",
                    "\"with \\\" escaped quote\""))),
        null);
    assertThat(store.snapshot(zone).at("t.example.com", "TXT").get(0).values()).hasSize(2);
  }

  @Test
  void aSetIdentifierMustBe1To128Characters() {
    rejects(
        "InvalidInput",
        "Member must have length less than or equal to 128",
        Change.create(w("x.example.com", "i".repeat(129), "192.0.2.1")));
    rejects(
        "InvalidInput",
        "Member must have length greater than or equal to 1",
        Change.create(w("x.example.com", "", "192.0.2.1")));
    store.change(
        zone, List.of(Change.create(w("x.example.com", "i".repeat(128), "192.0.2.1"))), null);
    assertThat(store.snapshot(zone).userRecords()).hasSize(1);
  }

  @Test
  void aRecordSetHoldsAtMost400Values() {
    String[] ips = new String[401];
    for (int i = 0; i < ips.length; i++) ips[i] = "198.51." + (i / 250) + "." + (i % 250 + 1);
    rejects(
        "Cannot have more than 400 records in a RRSet", Change.create(a("many.example.com", ips)));
    store.change(
        zone,
        List.of(Change.create(a("many.example.com", java.util.Arrays.copyOf(ips, 400)))),
        null);
    assertThat(store.snapshot(zone).at("many.example.com", "A").get(0).values()).hasSize(400);
  }

  @Test
  void aZoneHoldsAtMost10000RecordSetsCountingItsSoaAndNs() {
    for (int batch = 0; batch < 10; batch++) {
      List<Change> changes = new java.util.ArrayList<>();
      for (int i = 0; i < (batch == 9 ? 998 : 1000); i++) {
        changes.add(Change.create(a("r" + batch + "-" + i + ".example.com", "192.0.2.1")));
      }
      store.change(zone, changes, null);
    }
    assertThat(store.recordCount(zone)).isEqualTo(10_000);
    rejects(
        "limit of 10000 resource record sets",
        Change.create(a("one-more.example.com", "192.0.2.1")));
    // replacing and deleting still work at the limit
    store.change(zone, List.of(Change.upsert(a("r0-0.example.com", "192.0.2.2"))), null);
    store.change(
        zone,
        List.of(
            Change.delete(a("r0-1.example.com", "192.0.2.1")),
            Change.create(a("one-more.example.com", "192.0.2.1"))),
        null);
    assertThat(store.recordCount(zone)).isEqualTo(10_000);
  }
}
