package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed's hand-built tree for one region, as typed into the console: a latency CNAME at the
 * hostname to {@code proxy-<region>-<host>}, weighted CNAMEs there to {@code
 * proxyN-<region>-<host>}, each with its health check, and those CNAMEs to the haproxy VMs' own
 * names.
 */
final class SeedTree {
  private SeedTree() {}

  static List<Rrset> region(String region, String host, long ttl, String... checkIds) {
    List<Rrset> out = new ArrayList<>();
    String weighted = "proxy-" + region + "-" + host;
    out.add(new Rrset(host, "CNAME", region, null, region, ttl, List.of(weighted), null, null));
    for (int i = 1; i <= checkIds.length; i++) {
      String instance = "proxy" + i + "-" + region + "-" + host;
      out.add(
          new Rrset(
              weighted,
              "CNAME",
              "haproxy" + i,
              1L,
              null,
              ttl,
              List.of(instance),
              null,
              checkIds[i - 1]));
      out.add(
          Rrset.simple(instance, "CNAME", ttl, "haproxy" + i + "." + region + ".vms.example.net"));
    }
    return out;
  }

  static List<Rrset> both(String host, long ttl) {
    List<Rrset> zone = new ArrayList<>(region("us-east-1", host, ttl, "hc-us-1", "hc-us-2"));
    zone.addAll(region("eu-west-1", host, ttl, "hc-eu-1", "hc-eu-2"));
    return zone;
  }
}
