package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.HealthCheckVersionMismatchException;
import software.amazon.awssdk.services.route53.model.ListHealthChecksResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHealthCheckException;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;
import software.amazon.awssdk.services.route53.model.Tag;
import software.amazon.awssdk.services.route53.model.TagResourceType;
import software.amazon.awssdk.services.route53.model.TooManyHealthChecksException;

class HealthChecksIT {
  private Route53Simulator sim;
  private Route53Client r53;

  @BeforeEach
  void start() {
    // documentation addresses (RFC 5737) stand for public ones; probing is off
    sim =
        Route53Simulator.builder()
            .probing(false)
            .healthCheckQuota(5)
            .allowNonPublicHealthCheckAddresses("192.0.2.0/24")
            .start();
    r53 = Sdk.client(sim);
  }

  @AfterEach
  void stop() {
    r53.close();
    sim.close();
  }

  static HealthCheckConfig https(String ip, int port) {
    return HealthCheckConfig.builder()
        .type(HealthCheckType.HTTPS)
        .ipAddress(ip)
        .port(port)
        .resourcePath("/healthz")
        .fullyQualifiedDomainName("fast.example.com")
        .enableSNI(true)
        .requestInterval(10)
        .failureThreshold(2)
        .build();
  }

  HealthCheck create(String ref, HealthCheckConfig config) {
    return r53.createHealthCheck(b -> b.callerReference(ref).healthCheckConfig(config))
        .healthCheck();
  }

  @Test
  void theSameCallerReferenceAndSettingsReturnTheExistingCheck() {
    HealthCheck first = create("ref-1", https("192.0.2.1", 443));
    HealthCheck again = create("ref-1", https("192.0.2.1", 443));
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(r53.listHealthChecks().healthChecks()).hasSize(1);
    HealthCheckConfig stored =
        r53.getHealthCheck(b -> b.healthCheckId(first.id())).healthCheck().healthCheckConfig();
    assertThat(stored.ipAddress()).isEqualTo("192.0.2.1");
    assertThat(stored.enableSNI()).isTrue();
    assertThat(stored.failureThreshold()).isEqualTo(2);
    assertThat(stored.requestInterval()).isEqualTo(10);
    assertThat(stored.fullyQualifiedDomainName()).isEqualTo("fast.example.com");
  }

  @Test
  void theSameCallerReferenceWithOtherSettingsOrAfterDeletionIsHealthCheckAlreadyExists() {
    HealthCheck first = create("ref-1", https("192.0.2.1", 443));
    assertThatThrownBy(() -> create("ref-1", https("192.0.2.1", 8443)))
        .isInstanceOfSatisfying(
            HealthCheckAlreadyExistsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("HealthCheckAlreadyExists"));
    r53.deleteHealthCheck(b -> b.healthCheckId(first.id()));
    assertThatThrownBy(() -> create("ref-1", https("192.0.2.1", 443)))
        .isInstanceOf(HealthCheckAlreadyExistsException.class);
  }

  @Test
  void theAccountQuotaIsTooManyHealthChecks() {
    for (int i = 0; i < 5; i++) create("q-" + i, https("192.0.2." + (i + 1), 443));
    assertThatThrownBy(() -> create("q-6", https("192.0.2.9", 443)))
        .isInstanceOfSatisfying(
            TooManyHealthChecksException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyHealthChecks"));
    assertThat(r53.getHealthCheckCount().healthCheckCount()).isEqualTo(5);
  }

  @Test
  void aCheckReferencedByARecordCannotBeDeletedUntilTheRecordLetsGo() {
    String zone = sim.createHostedZone("example.com");
    HealthCheck hc = create("in-use", https("192.0.2.1", 443));
    ResourceRecordSet member =
        RecordSetsIT.weighted("proxy.example.com", "i-1", 1, "192.0.2.1").toBuilder()
            .healthCheckId(hc.id())
            .build();
    r53.changeResourceRecordSets(
        b ->
            b.hostedZoneId(zone)
                .changeBatch(
                    cb ->
                        cb.changes(c -> c.action(ChangeAction.CREATE).resourceRecordSet(member))));
    assertThatThrownBy(() -> r53.deleteHealthCheck(b -> b.healthCheckId(hc.id())))
        // The SDK no longer models HealthCheckInUse (Route53 itself allows the delete): a plain
        // Route53Exception.
        .isInstanceOfSatisfying(
            Route53Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("HealthCheckInUse"));
    r53.changeResourceRecordSets(
        b ->
            b.hostedZoneId(zone)
                .changeBatch(
                    cb ->
                        cb.changes(c -> c.action(ChangeAction.DELETE).resourceRecordSet(member))));
    r53.deleteHealthCheck(b -> b.healthCheckId(hc.id()));
    assertThat(sim.healthChecks()).isEmpty();
  }

  @Test
  void aRecordNamingAnUnknownHealthCheckIsNoSuchHealthCheck() {
    String zone = sim.createHostedZone("example.com");
    ResourceRecordSet member =
        RecordSetsIT.weighted("proxy.example.com", "i-1", 1, "192.0.2.1").toBuilder()
            .healthCheckId("00000000-0000-0000-0000-000000000000")
            .build();
    assertThatThrownBy(
            () ->
                r53.changeResourceRecordSets(
                    b ->
                        b.hostedZoneId(zone)
                            .changeBatch(
                                cb ->
                                    cb.changes(
                                        c ->
                                            c.action(ChangeAction.CREATE)
                                                .resourceRecordSet(member)))))
        .isInstanceOf(NoSuchHealthCheckException.class);
  }

  @Test
  void checksOnPrivateLoopbackOrReservedAddressesAreRefusedUnlessATestAllowsThem() {
    try (Route53Simulator strict = Route53Simulator.builder().probing(false).start();
        Route53Client client = Sdk.client(strict)) {
      for (String ip :
          List.of(
              "10.1.2.3",
              "172.20.0.1",
              "192.168.1.1",
              "127.0.0.1",
              "100.64.0.1",
              "169.254.1.1",
              "192.0.2.1",
              "224.0.0.1",
              "fd00::1",
              "::1")) {
        assertThatThrownBy(
                () ->
                    client.createHealthCheck(
                        b -> b.callerReference("r-" + ip).healthCheckConfig(https(ip, 443))))
            .as(ip)
            .isInstanceOfSatisfying(
                Route53Exception.class,
                e -> {
                  assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput");
                  assertThat(e.awsErrorDetails().errorMessage())
                      .contains(ip)
                      .contains("Route 53 can't check it");
                });
      }
      String id =
          client
              .createHealthCheck(
                  b -> b.callerReference("public").healthCheckConfig(https("8.8.8.8", 443)))
              .healthCheck()
              .id();
      assertThatThrownBy(
              () -> client.updateHealthCheck(b -> b.healthCheckId(id).ipAddress("10.0.0.1")))
          .isInstanceOfSatisfying(
              Route53Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
    }
    // this class's simulator allows 192.0.2.0/24 and only that
    assertThat(create("allowed", https("192.0.2.1", 443)).healthCheckConfig().ipAddress())
        .isEqualTo("192.0.2.1");
    assertThatThrownBy(() -> create("still-refused", https("10.0.0.1", 443)))
        .isInstanceOf(Route53Exception.class);
  }

  @Test
  void anIpAddressCannotBeAddedToACheckCreatedWithoutOne() {
    HealthCheckConfig byName =
        HealthCheckConfig.builder()
            .type(HealthCheckType.HTTPS)
            .port(443)
            .fullyQualifiedDomainName("fast.example.com")
            .requestInterval(30)
            .failureThreshold(3)
            .build();
    HealthCheck hc = create("by-name", byName);
    assertThatThrownBy(
            () -> r53.updateHealthCheck(b -> b.healthCheckId(hc.id()).ipAddress("192.0.2.1")))
        .isInstanceOfSatisfying(
            Route53Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
  }

  @Test
  void updatesChangeSettingsInPlaceAndCheckTheVersion() {
    HealthCheck hc = create("upd", https("192.0.2.1", 443));
    HealthCheck updated =
        r53.updateHealthCheck(
                b ->
                    b.healthCheckId(hc.id())
                        .healthCheckVersion(1L)
                        .ipAddress("192.0.2.2")
                        .failureThreshold(5))
            .healthCheck();
    assertThat(updated.healthCheckVersion()).isEqualTo(2L);
    assertThat(updated.healthCheckConfig().ipAddress()).isEqualTo("192.0.2.2");
    assertThat(updated.healthCheckConfig().failureThreshold()).isEqualTo(5);
    assertThat(updated.healthCheckConfig().resourcePath()).isEqualTo("/healthz");
    assertThatThrownBy(
            () ->
                r53.updateHealthCheck(
                    b -> b.healthCheckId(hc.id()).healthCheckVersion(1L).port(8443)))
        .isInstanceOf(HealthCheckVersionMismatchException.class);
  }

  @Test
  void listingPagesWithMarkers() {
    for (int i = 0; i < 5; i++) create("p-" + i, https("192.0.2." + (i + 1), 443));
    List<String> ids = new ArrayList<>();
    String marker = null;
    for (int pages = 0; pages < 10; pages++) {
      String m = marker;
      ListHealthChecksResponse page = r53.listHealthChecks(b -> b.maxItems("2").marker(m));
      page.healthChecks().forEach(h -> ids.add(h.id()));
      if (!page.isTruncated()) break;
      marker = page.nextMarker();
    }
    assertThat(ids)
        .containsExactlyElementsOf(sim.healthChecks().stream().map(h -> h.id()).toList());
  }

  @Test
  void tagsAreAddedRemovedAndListedPerCheckAndInBulk() {
    HealthCheck a = create("t-a", https("192.0.2.1", 443));
    HealthCheck b = create("t-b", https("192.0.2.2", 443));
    r53.changeTagsForResource(
        x ->
            x.resourceType(TagResourceType.HEALTHCHECK)
                .resourceId(a.id())
                .addTags(
                    Tag.builder().key("Name").value("proxy0-us-east-1").build(),
                    Tag.builder().key("regionaledge.io/region").value("us-east-1").build()));
    r53.changeTagsForResource(
        x -> x.resourceType(TagResourceType.HEALTHCHECK).resourceId(a.id()).removeTagKeys("Name"));
    assertThat(
            r53.listTagsForResource(
                    x -> x.resourceType(TagResourceType.HEALTHCHECK).resourceId(a.id()))
                .resourceTagSet()
                .tags())
        .extracting(Tag::key, Tag::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("regionaledge.io/region", "us-east-1"));
    var sets =
        r53.listTagsForResources(
                x -> x.resourceType(TagResourceType.HEALTHCHECK).resourceIds(a.id(), b.id()))
            .resourceTagSets();
    assertThat(sets).extracting(s -> s.resourceId()).containsExactly(a.id(), b.id());
    assertThat(sets.get(1).tags()).isEmpty();
    assertThat(sim.healthChecks().get(0).tags())
        .containsEntry("regionaledge.io/region", "us-east-1");
  }

  @Test
  void aRecordWithAMalformedHealthCheckIdIsInvalidInput() {
    String zone = sim.createHostedZone("example.com");
    ResourceRecordSet member =
        RecordSetsIT.weighted("proxy.example.com", "i-1", 1, "192.0.2.1").toBuilder()
            .healthCheckId("not-a-check")
            .build();
    assertThatThrownBy(
            () ->
                r53.changeResourceRecordSets(
                    b ->
                        b.hostedZoneId(zone)
                            .changeBatch(
                                cb ->
                                    cb.changes(
                                        c ->
                                            c.action(ChangeAction.CREATE)
                                                .resourceRecordSet(member)))))
        .isInstanceOfSatisfying(
            software.amazon.awssdk.services.route53.model.InvalidInputException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
  }

  @Test
  void enableSniDefaultsToTrueForHttpsAndFalseOtherwise() {
    HealthCheck https =
        create("d-https", https("192.0.2.1", 443).toBuilder().enableSNI(null).build());
    HealthCheck http =
        create(
            "d-http",
            HealthCheckConfig.builder().type(HealthCheckType.HTTP).ipAddress("192.0.2.1").build());
    assertThat(https.healthCheckConfig().enableSNI()).isTrue();
    assertThat(http.healthCheckConfig().enableSNI()).isFalse();
    assertThat(http.healthCheckConfig().port()).isEqualTo(80);
    assertThat(http.healthCheckConfig().requestInterval()).isEqualTo(30);
    assertThat(http.healthCheckConfig().failureThreshold()).isEqualTo(3);
  }

  @Test
  void anFqdnSearchStringOrPathLongerThan255CharactersIsInvalidInput() {
    String label = "a".repeat(60) + ".";
    String fqdn = label.repeat(4) + "b.example.com"; // 257 characters
    assertThatThrownBy(
            () ->
                create(
                    "long-fqdn",
                    https("192.0.2.1", 443).toBuilder().fullyQualifiedDomainName(fqdn).build()))
        .isInstanceOfSatisfying(
            Route53Exception.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput");
              assertThat(e.awsErrorDetails().errorMessage())
                  .contains("fullyQualifiedDomainName")
                  .contains("less than or equal to 255");
            });
    HealthCheckConfig match =
        HealthCheckConfig.builder()
            .type(HealthCheckType.HTTPS_STR_MATCH)
            .ipAddress("192.0.2.1")
            .searchString("x".repeat(256))
            .build();
    assertThatThrownBy(() -> create("long-search", match))
        .isInstanceOfSatisfying(
            Route53Exception.class,
            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("searchString"));
    assertThat(
            create("ok", match.toBuilder().searchString("x".repeat(255)).build())
                .healthCheckConfig()
                .searchString())
        .hasSize(255);
    assertThat(sim.healthChecks()).hasSize(1);
  }

  @Test
  void everyUpdateIncrementsTheVersionByOneAndAStaleVersionChangesNothing() {
    HealthCheck hc = create("ver", https("192.0.2.1", 443));
    assertThat(hc.healthCheckVersion()).isEqualTo(1L);
    r53.updateHealthCheck(b -> b.healthCheckId(hc.id()).failureThreshold(4));
    HealthCheck third =
        r53.updateHealthCheck(b -> b.healthCheckId(hc.id()).healthCheckVersion(2L).port(8443))
            .healthCheck();
    assertThat(third.healthCheckVersion()).isEqualTo(3L);
    assertThatThrownBy(
            () ->
                r53.updateHealthCheck(
                    b -> b.healthCheckId(hc.id()).healthCheckVersion(2L).port(9443)))
        .isInstanceOfSatisfying(
            HealthCheckVersionMismatchException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(409);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("HealthCheckVersionMismatch");
            });
    HealthCheck now = r53.getHealthCheck(b -> b.healthCheckId(hc.id())).healthCheck();
    assertThat(now.healthCheckVersion()).isEqualTo(3L);
    assertThat(now.healthCheckConfig().port()).isEqualTo(8443);
    // tags are not settings: they leave the version alone
    r53.changeTagsForResource(
        x ->
            x.resourceType(TagResourceType.HEALTHCHECK)
                .resourceId(hc.id())
                .addTags(Tag.builder().key("k").value("v").build()));
    assertThat(r53.getHealthCheck(b -> b.healthCheckId(hc.id())).healthCheck().healthCheckVersion())
        .isEqualTo(3L);
  }
}
