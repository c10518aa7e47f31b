package io.regionaledge.testkit.route53;

/** An alias target: a name in a hosted zone (DNSName stored lowercase with a trailing dot). */
public record AliasTarget(String hostedZoneId, String dnsName, boolean evaluateTargetHealth) {
  public AliasTarget {
    dnsName = DnsNames.normalize(dnsName);
  }
}
