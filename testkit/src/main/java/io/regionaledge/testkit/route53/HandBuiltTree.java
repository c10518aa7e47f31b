package io.regionaledge.testkit.route53;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The script a person would have run (or the clicks in the console) to build the seed's tree before
 * RegionalEdge, through the real AWS SDK: per region, haproxy VMs with their own names in the VMs'
 * zone, an HTTPS health check per VM on its address, {@code proxyN-<region>-<host>} CNAMEs to the
 * VMs, the weighted set {@code proxy-<region>-<host>} of CNAMEs (weight 1, one check each), and the
 * latency CNAME at the hostname. Written bottom-up, as Route53 needs.
 */
public final class HandBuiltTree {
  /** One haproxy VM: its address; its name is {@code haproxyN.<region>.<vmZone>}. */
  public record Vm(String region, int n, String address) {
    public String name(String vmZone) {
      return "haproxy" + n + "." + region + "." + vmZone;
    }
  }

  private final Route53Client client;
  private final String zoneId;
  private final String vmZoneId;
  private final String vmZone;

  public HandBuiltTree(Route53Client client, String zoneId, String vmZoneId, String vmZone) {
    this.client = client;
    this.zoneId = zoneId;
    this.vmZoneId = vmZoneId;
    this.vmZone = vmZone;
  }

  /**
   * Builds one region's tree for {@code host}; returns the health-check id of each VM, in order.
   *
   * @param checkPort the port the checks probe (the VMs' listener)
   * @param checkInterval 10 or 30
   */
  public List<String> build(
      String host,
      String region,
      List<Vm> vms,
      long ttl,
      int checkPort,
      String checkPath,
      int checkInterval) {
    String weighted = "proxy-" + region + "-" + host;
    List<String> checks = new ArrayList<>();
    Map<String, Vm> instances = new LinkedHashMap<>();
    for (Vm vm : vms) {
      change(vmZoneId, simple(vm.name(vmZone), RRType.A, ttl, vm.address()));
      String id =
          client
              .createHealthCheck(
                  b ->
                      b.callerReference("console-" + region + "-" + vm.n() + "-" + host)
                          .healthCheckConfig(
                              c ->
                                  c.type(HealthCheckType.HTTPS)
                                      .ipAddress(vm.address())
                                      .port(checkPort)
                                      .fullyQualifiedDomainName(host)
                                      .resourcePath(checkPath)
                                      .requestInterval(checkInterval)
                                      .failureThreshold(3)
                                      .enableSNI(true)))
              .healthCheck()
              .id();
      checks.add(id.substring(id.lastIndexOf('/') + 1));
      instances.put("proxy" + vm.n() + "-" + region + "-" + host, vm);
    }
    for (var e : instances.entrySet()) {
      change(zoneId, simple(e.getKey(), RRType.CNAME, ttl, e.getValue().name(vmZone)));
    }
    int i = 0;
    for (var e : instances.entrySet()) {
      String check = checks.get(i++);
      change(
          zoneId,
          ResourceRecordSet.builder()
              .name(weighted)
              .type(RRType.CNAME)
              .setIdentifier("haproxy" + i)
              .weight(1L)
              .ttl(ttl)
              .resourceRecords(ResourceRecord.builder().value(e.getKey()).build())
              .healthCheckId(check)
              .build());
    }
    change(
        zoneId,
        ResourceRecordSet.builder()
            .name(host)
            .type(RRType.CNAME)
            .setIdentifier(region)
            .region(region)
            .ttl(ttl)
            .resourceRecords(ResourceRecord.builder().value(weighted).build())
            .build());
    return checks;
  }

  private static ResourceRecordSet simple(String name, RRType type, long ttl, String value) {
    return ResourceRecordSet.builder()
        .name(name)
        .type(type)
        .ttl(ttl)
        .resourceRecords(ResourceRecord.builder().value(value).build())
        .build();
  }

  private void change(String zone, ResourceRecordSet r) {
    client.changeResourceRecordSets(
        b ->
            b.hostedZoneId(zone)
                .changeBatch(
                    cb ->
                        cb.comment("typed into the console")
                            .changes(ch -> ch.action(ChangeAction.CREATE).resourceRecordSet(r))));
  }
}
