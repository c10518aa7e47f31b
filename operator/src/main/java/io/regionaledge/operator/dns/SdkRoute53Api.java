package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ListHealthChecksResponse;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHealthCheckException;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Tag;
import software.amazon.awssdk.services.route53.model.TagResourceType;

/** {@link Route53Api} on the AWS SDK v2 client. */
public final class SdkRoute53Api implements Route53Api {
  private final Route53Client client;

  public SdkRoute53Api(Route53Client client) {
    this.client = client;
  }

  @Override
  public String zoneIdByName(String zoneName) {
    String want = Rrset.normalise(zoneName);
    var resp = client.listHostedZonesByName(b -> b.dnsName(want).maxItems("10"));
    return resp.hostedZones().stream()
        .filter(z -> Rrset.normalise(z.name()).equals(want))
        .filter(z -> z.config() == null || !Boolean.TRUE.equals(z.config().privateZone()))
        .map(HostedZone::id)
        .map(SdkRoute53Api::bare)
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no public Route53 hosted zone named " + want));
  }

  @Override
  public List<Rrset> listRecords(String zoneId) {
    List<Rrset> out = new ArrayList<>();
    String name = null;
    String type = null;
    String id = null;
    for (int page = 0; page < 10_000; page++) {
      final String n = name;
      final String t = type;
      final String i = id;
      ListResourceRecordSetsResponse resp =
          client.listResourceRecordSets(
              b ->
                  b.hostedZoneId(zoneId)
                      .maxItems("300")
                      .startRecordName(n)
                      .startRecordType(t)
                      .startRecordIdentifier(i));
      resp.resourceRecordSets().forEach(r -> out.add(fromSdk(r)));
      if (!Boolean.TRUE.equals(resp.isTruncated())) {
        return out;
      }
      name = resp.nextRecordName();
      type = resp.nextRecordTypeAsString();
      id = resp.nextRecordIdentifier();
    }
    throw new IllegalStateException("zone " + zoneId + " has more pages than expected");
  }

  @Override
  public List<Rrset> recordsNamed(String zoneId, String name) {
    String want = Rrset.normalise(name);
    // latency and weighted sets hold at most 100 members per type; a few types share the name
    ListResourceRecordSetsResponse resp =
        client.listResourceRecordSets(
            b -> b.hostedZoneId(zoneId).startRecordName(want).maxItems("300"));
    return resp.resourceRecordSets().stream()
        .map(SdkRoute53Api::fromSdk)
        .filter(r -> r.name().equals(want))
        .toList();
  }

  @Override
  public ChangeStatus changeRecords(String zoneId, List<Change> batch, String comment) {
    List<software.amazon.awssdk.services.route53.model.Change> changes =
        batch.stream()
            .map(
                c ->
                    software.amazon.awssdk.services.route53.model.Change.builder()
                        .action(ChangeAction.fromValue(c.action().name()))
                        .resourceRecordSet(toSdk(c.record()))
                        .build())
            .toList();
    var resp =
        client.changeResourceRecordSets(
            b -> b.hostedZoneId(zoneId).changeBatch(cb -> cb.comment(comment).changes(changes)));
    return status(resp.changeInfo());
  }

  @Override
  public ChangeStatus changeStatus(String changeId) {
    return status(client.getChange(b -> b.id(changeId)).changeInfo());
  }

  @Override
  public String createHealthCheck(String callerReference, CheckConfig c) {
    HealthCheckConfig cfg =
        HealthCheckConfig.builder()
            .type(HealthCheckType.HTTPS)
            .ipAddress(c.ipAddress())
            .port(c.port())
            .fullyQualifiedDomainName(c.fqdn())
            .resourcePath(c.path())
            .requestInterval(c.requestInterval())
            .failureThreshold(c.failureThreshold())
            .enableSNI(true)
            .build();
    return bare(
        client
            .createHealthCheck(b -> b.callerReference(callerReference).healthCheckConfig(cfg))
            .healthCheck()
            .id());
  }

  @Override
  public void updateHealthCheck(String healthCheckId, CheckConfig c) {
    client.updateHealthCheck(
        b ->
            b.healthCheckId(healthCheckId)
                .ipAddress(c.ipAddress())
                .port(c.port())
                .fullyQualifiedDomainName(c.fqdn())
                .resourcePath(c.path())
                .failureThreshold(c.failureThreshold())
                .enableSNI(true));
  }

  @Override
  public void tagHealthCheck(String healthCheckId, Map<String, String> tags) {
    List<Tag> list =
        tags.entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    client.changeTagsForResource(
        b -> b.resourceType(TagResourceType.HEALTHCHECK).resourceId(healthCheckId).addTags(list));
  }

  @Override
  public void deleteHealthCheck(String healthCheckId) {
    try {
      client.deleteHealthCheck(b -> b.healthCheckId(healthCheckId));
    } catch (NoSuchHealthCheckException gone) {
      // already deleted: the goal is reached
    }
  }

  @Override
  public List<HealthCheckRef> listHealthChecks() {
    List<HealthCheckRef> out = new ArrayList<>();
    String marker = null;
    for (int page = 0; page < 10_000; page++) {
      final String m = marker;
      ListHealthChecksResponse resp = client.listHealthChecks(b -> b.marker(m).maxItems("1000"));
      resp.healthChecks()
          .forEach(h -> out.add(new HealthCheckRef(bare(h.id()), h.callerReference())));
      if (!Boolean.TRUE.equals(resp.isTruncated())
          || resp.nextMarker() == null
          || resp.nextMarker().isEmpty()) {
        return out;
      }
      marker = resp.nextMarker();
    }
    throw new IllegalStateException("ListHealthChecks has more pages than expected");
  }

  @Override
  public List<CheckerObservation> healthCheckStatus(String healthCheckId) {
    return client
        .getHealthCheckStatus(b -> b.healthCheckId(healthCheckId))
        .healthCheckObservations()
        .stream()
        .map(
            o ->
                new CheckerObservation(
                    o.regionAsString(),
                    o.statusReport() == null ? null : o.statusReport().status()))
        .toList();
  }

  @Override
  public ObservedCheck healthCheck(String healthCheckId) {
    try {
      var h = client.getHealthCheck(b -> b.healthCheckId(healthCheckId)).healthCheck();
      HealthCheckConfig c = h.healthCheckConfig();
      return new ObservedCheck(
          bare(h.id()),
          c.typeAsString(),
          c.ipAddress(),
          c.port(),
          c.fullyQualifiedDomainName(),
          c.resourcePath(),
          c.searchString(),
          c.requestInterval() == null ? 30 : c.requestInterval(),
          c.failureThreshold() == null ? 3 : c.failureThreshold(),
          Boolean.TRUE.equals(c.measureLatency()),
          Boolean.TRUE.equals(c.inverted()),
          Boolean.TRUE.equals(c.disabled()));
    } catch (NoSuchHealthCheckException gone) {
      return null;
    }
  }

  @Override
  public HealthCheckQuota healthCheckQuota() {
    var resp =
        client.getAccountLimit(
            b ->
                b.type(
                    software.amazon.awssdk.services.route53.model.AccountLimitType
                        .MAX_HEALTH_CHECKS_BY_OWNER));
    return new HealthCheckQuota(resp.count(), resp.limit().value());
  }

  private static ChangeStatus status(ChangeInfo info) {
    return new ChangeStatus(bare(info.id()), info.statusAsString());
  }

  static String bare(String id) {
    return id == null ? null : id.substring(id.lastIndexOf('/') + 1);
  }

  static ResourceRecordSet toSdk(Rrset r) {
    var b =
        ResourceRecordSet.builder()
            .name(r.name())
            .type(r.type())
            .setIdentifier(r.setIdentifier())
            .weight(r.weight())
            .region(r.region())
            .ttl(r.ttl())
            .healthCheckId(r.healthCheckId());
    if (!r.values().isEmpty()) {
      b.resourceRecords(
          r.values().stream().map(v -> ResourceRecord.builder().value(v).build()).toList());
    }
    if (r.alias() != null) {
      b.aliasTarget(
          AliasTarget.builder()
              .hostedZoneId(r.alias().hostedZoneId())
              .dnsName(r.alias().dnsName())
              .evaluateTargetHealth(r.alias().evaluateTargetHealth())
              .build());
    }
    return b.build();
  }

  static Rrset fromSdk(ResourceRecordSet r) {
    AliasTarget a = r.aliasTarget();
    return new Rrset(
        r.name(),
        r.typeAsString(),
        r.setIdentifier(),
        r.weight(),
        r.regionAsString(),
        r.ttl(),
        r.resourceRecords().stream().map(ResourceRecord::value).toList(),
        a == null
            ? null
            : new Rrset.Alias(
                bare(a.hostedZoneId()), a.dnsName(), Boolean.TRUE.equals(a.evaluateTargetHealth())),
        r.healthCheckId());
  }
}
