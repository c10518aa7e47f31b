package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetRegion;

class RecordSetsIT {
  private Route53Simulator sim;
  private Route53Client r53;
  private String zone;

  @BeforeEach
  void start() {
    sim =
        Route53Simulator.builder()
            .insyncDelay(java.time.Duration.ofMillis(300))
            .probing(false)
            .start();
    r53 = Sdk.client(sim);
    zone = sim.createHostedZone("example.com");
  }

  @AfterEach
  void stop() {
    r53.close();
    sim.close();
  }

  static ResourceRecordSet a(String name, String... ips) {
    return ResourceRecordSet.builder()
        .name(name)
        .type(RRType.A)
        .ttl(60L)
        .resourceRecords(
            java.util.Arrays.stream(ips)
                .map(ip -> ResourceRecord.builder().value(ip).build())
                .toList())
        .build();
  }

  static ResourceRecordSet weighted(String name, String id, long weight, String ip) {
    return a(name, ip).toBuilder().setIdentifier(id).weight(weight).build();
  }

  ChangeResourceRecordSetsResponse change(ChangeAction action, ResourceRecordSet... sets) {
    return r53.changeResourceRecordSets(
        b ->
            b.hostedZoneId(zone)
                .changeBatch(
                    cb ->
                        cb.changes(
                            java.util.Arrays.stream(sets)
                                .map(
                                    s ->
                                        software.amazon.awssdk.services.route53.model.Change
                                            .builder()
                                            .action(action)
                                            .resourceRecordSet(s)
                                            .build())
                                .toList())));
  }

  @Test
  void aCreatedZoneIsListedWithItsSoaAndNsRecords() {
    assertThat(r53.listHostedZones().hostedZones())
        .extracting(z -> z.id(), z -> z.name())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(zone, "example.com."));
    assertThat(r53.getHostedZone(b -> b.id(zone)).hostedZone().resourceRecordSetCount())
        .isEqualTo(2);
    assertThat(r53.listResourceRecordSets(b -> b.hostedZoneId(zone)).resourceRecordSets())
        .extracting(ResourceRecordSet::typeAsString)
        .containsExactly("NS", "SOA");
    assertThat(r53.listHostedZonesByName(b -> b.dnsName("example.com")).hostedZones()).hasSize(1);
    var created = r53.createHostedZone(b -> b.name("other.org").callerReference("c-1"));
    assertThat(created.hostedZone().id()).doesNotStartWith("/hostedzone/");
    assertThat(created.delegationSet().nameServers()).hasSize(4);
    assertThat(r53.getChange(b -> b.id(created.changeInfo().id())).changeInfo().id())
        .isEqualTo(created.changeInfo().id());
    assertThatThrownBy(() -> r53.createHostedZone(b -> b.name("again.org").callerReference("c-1")))
        .isInstanceOf(
            software.amazon.awssdk.services.route53.model.HostedZoneAlreadyExistsException.class);
    assertThat(r53.listHostedZonesByName(b -> b.dnsName("other.org")).hostedZones())
        .extracting(z -> z.name())
        .containsExactly("other.org.");
  }

  @Test
  void createdRecordsAreListedWithTrailingDotsAndTheChangeGoesInsyncAfterTheDelay()
      throws Exception {
    ChangeResourceRecordSetsResponse resp =
        change(
            ChangeAction.CREATE,
            a("www.Example.com", "192.0.2.1"),
            weighted("proxy-us-east-1.example.com", "i-1", 10, "192.0.2.2"));
    assertThat(resp.changeInfo().status()).isEqualTo(ChangeStatus.PENDING);
    String changeId = resp.changeInfo().id();
    assertThat(changeId).doesNotStartWith("/change/");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(
            () -> r53.getChange(b -> b.id(changeId)).changeInfo().status() == ChangeStatus.INSYNC);

    List<ResourceRecordSet> sets =
        r53.listResourceRecordSets(b -> b.hostedZoneId(zone)).resourceRecordSets();
    assertThat(sets)
        .extracting(ResourceRecordSet::name)
        .containsExactly(
            "example.com.", "example.com.", "proxy-us-east-1.example.com.", "www.example.com.");
    ResourceRecordSet w = sets.get(2);
    assertThat(w.setIdentifier()).isEqualTo("i-1");
    assertThat(w.weight()).isEqualTo(10L);
    assertThat(w.resourceRecords()).extracting(ResourceRecord::value).containsExactly("192.0.2.2");
  }

  @Test
  void listingPagesInRoute53OrderWithNextNameTypeAndIdentifier() {
    List<ResourceRecordSet> sets = new ArrayList<>();
    for (int i = 0; i < 7; i++)
      sets.add(weighted("w.example.com", "id-" + i, 1, "192.0.2." + (i + 1)));
    sets.add(a("a.example.com", "192.0.2.100"));
    sets.add(a("z.a.example.com", "192.0.2.101"));
    change(ChangeAction.CREATE, sets.toArray(ResourceRecordSet[]::new));

    List<String> seen = new ArrayList<>();
    ListResourceRecordSetsResponse page =
        r53.listResourceRecordSets(b -> b.hostedZoneId(zone).maxItems("3"));
    int pages = 1;
    while (true) {
      page.resourceRecordSets()
          .forEach(
              r ->
                  seen.add(
                      r.name()
                          + " "
                          + r.typeAsString()
                          + (r.setIdentifier() == null ? "" : " " + r.setIdentifier())));
      if (!page.isTruncated()) break;
      ListResourceRecordSetsResponse prev = page;
      page =
          r53.listResourceRecordSets(
              b ->
                  b.hostedZoneId(zone)
                      .maxItems("3")
                      .startRecordName(prev.nextRecordName())
                      .startRecordType(prev.nextRecordType())
                      .startRecordIdentifier(prev.nextRecordIdentifier()));
      pages++;
    }
    assertThat(pages).isEqualTo(4);
    assertThat(seen)
        .containsExactly(
            "example.com. NS",
            "example.com. SOA",
            "a.example.com. A",
            "z.a.example.com. A",
            "w.example.com. A id-0",
            "w.example.com. A id-1",
            "w.example.com. A id-2",
            "w.example.com. A id-3",
            "w.example.com. A id-4",
            "w.example.com. A id-5",
            "w.example.com. A id-6");
    // The SDK's paginator walks the same pages.
    assertThat(
            r53
                .listResourceRecordSetsPaginator(b -> b.hostedZoneId(zone).maxItems("2"))
                .resourceRecordSets()
                .stream())
        .hasSize(11);
    assertThat(
            r53.listResourceRecordSets(
                    b ->
                        b.hostedZoneId(zone)
                            .startRecordName("w.example.com")
                            .startRecordType(RRType.A))
                .resourceRecordSets())
        .hasSize(7);
  }

  @Test
  void deletingAnExactCopyRemovesTheRecordAndUpsertReplacesIt() {
    change(ChangeAction.CREATE, a("www.example.com", "192.0.2.1", "192.0.2.2"));
    change(ChangeAction.UPSERT, a("www.example.com", "192.0.2.3"));
    assertThat(sim.snapshot(zone).find("www.example.com", "A", null))
        .get()
        .extracting(RecordSet::values)
        .isEqualTo(List.of("192.0.2.3"));
    change(ChangeAction.DELETE, a("www.example.com", "192.0.2.3"));
    assertThat(sim.snapshot(zone).userRecords()).isEmpty();
  }

  @Test
  void creatingAnExistingRecordFailsTheWholeBatchWithInvalidChangeBatch() {
    change(ChangeAction.CREATE, a("www.example.com", "192.0.2.1"));
    assertThatThrownBy(
            () ->
                change(
                    ChangeAction.CREATE,
                    a("new.example.com", "192.0.2.9"),
                    a("www.example.com", "192.0.2.1")))
        .isInstanceOfSatisfying(
            InvalidChangeBatchException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidChangeBatch");
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "[Tried to create resource record set [name='www.example.com.', type='A'] but it already exists]");
            });
    assertThat(sim.snapshot(zone).find("new.example.com", "A", null)).isEmpty();
  }

  @Test
  void deletesThatDoNotMatchExactlyAreRefusedNamingTheReason() {
    change(ChangeAction.CREATE, a("www.example.com", "192.0.2.1"));
    assertThatThrownBy(() -> change(ChangeAction.DELETE, a("www.example.com", "192.0.2.7")))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining(
            "Tried to delete resource record set [name='www.example.com.', type='A'] "
                + "but the values provided do not match the current values");
    assertThatThrownBy(() -> change(ChangeAction.DELETE, a("gone.example.com", "192.0.2.7")))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining(
            "Tried to delete resource record set [name='gone.example.com.', type='A'] but it was not found");
  }

  @Test
  void anAliasToAMissingTargetIsRefusedButOneAfterItsTargetInTheSameBatchIsAccepted() {
    ResourceRecordSet alias =
        ResourceRecordSet.builder()
            .name("fast.example.com")
            .type(RRType.A)
            .setIdentifier("us-east-1")
            .region(ResourceRecordSetRegion.US_EAST_1)
            .aliasTarget(
                AliasTarget.builder()
                    .hostedZoneId(zone)
                    .dnsName("proxy-us-east-1-fast.example.com")
                    .evaluateTargetHealth(true)
                    .build())
            .build();
    assertThatThrownBy(() -> change(ChangeAction.CREATE, alias))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining(
            "Tried to create an alias that targets proxy-us-east-1-fast.example.com., type A in zone "
                + zone
                + ", but that target was not found");
    // Route53 validates in order: the alias first is refused, the target first is accepted
    assertThatThrownBy(
            () ->
                change(
                    ChangeAction.CREATE,
                    alias,
                    weighted("proxy-us-east-1-fast.example.com", "i-1", 1, "192.0.2.1")))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining("target was not found");
    change(
        ChangeAction.CREATE,
        weighted("proxy-us-east-1-fast.example.com", "i-1", 1, "192.0.2.1"),
        alias);
    assertThat(sim.snapshot(zone).find("fast.example.com", "A", "us-east-1"))
        .get()
        .extracting(r -> r.alias().evaluateTargetHealth())
        .isEqualTo(true);
  }

  @Test
  void mixingRoutingPoliciesOrSetIdentifierPresenceAtOneNameIsRefused() {
    change(ChangeAction.CREATE, weighted("w.example.com", "a", 1, "192.0.2.1"));
    assertThatThrownBy(() -> change(ChangeAction.CREATE, a("w.example.com", "192.0.2.2")))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining("cannot be created");
    ResourceRecordSet latency =
        a("w.example.com", "192.0.2.3").toBuilder()
            .setIdentifier("b")
            .region(ResourceRecordSetRegion.EU_WEST_1)
            .build();
    assertThatThrownBy(() -> change(ChangeAction.CREATE, latency))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining(
            "SetIdentifier b cannot be created as a non-latency set exists with the same name and type.");
  }

  @Test
  void moreThanOneHundredMembersInASetIsRefused() {
    List<ResourceRecordSet> sets = new ArrayList<>();
    for (int i = 0; i < 101; i++) sets.add(weighted("w.example.com", "m" + i, 1, "192.0.2.1"));
    assertThatThrownBy(() -> change(ChangeAction.CREATE, sets.toArray(ResourceRecordSet[]::new)))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining("limit is 100");
    change(ChangeAction.CREATE, sets.subList(0, 100).toArray(ResourceRecordSet[]::new));
    assertThat(sim.snapshot(zone).at("w.example.com", "A")).hasSize(100);
  }

  @Test
  void batchesOverOneThousandRecordsOrThirtyTwoThousandCharactersAreRefused() {
    List<ResourceRecordSet> sets = new ArrayList<>();
    for (int i = 0; i < 1001; i++) sets.add(a("r" + i + ".example.com", "192.0.2.1"));
    assertThatThrownBy(() -> change(ChangeAction.CREATE, sets.toArray(ResourceRecordSet[]::new)))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining("1000");
    String big = "\"" + "x".repeat(250) + "\"";
    List<ResourceRecordSet> txt = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      txt.add(
          ResourceRecordSet.builder()
              .name("t" + i + ".example.com")
              .type(RRType.TXT)
              .ttl(60L)
              .resourceRecords(ResourceRecord.builder().value(big).build())
              .build());
    }
    assertThatThrownBy(() -> change(ChangeAction.CREATE, txt.toArray(ResourceRecordSet[]::new)))
        .isInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining("32000");
  }

  @Test
  void aMissingZoneIsNoSuchHostedZone() {
    assertThatThrownBy(() -> r53.listResourceRecordSets(b -> b.hostedZoneId("ZNOPE")))
        .isInstanceOfSatisfying(
            NoSuchHostedZoneException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchHostedZone"));
  }
}
