package io.regionaledge.testkit.route53;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Elastic Load Balancing side of Route53 aliases: load balancers a test registers by DNS name
 * (NLB or ALB, region, addresses), with the target health Route53 reads for EvaluateTargetHealth.
 * An alias may target one only with its region's canonical hosted zone id (the table of
 * https://docs.aws.amazon.com/general/latest/gr/elb.html, one id for ALB/Classic and one for NLB
 * per region). Route53's resolvers answer such an alias with the load balancer's addresses; with
 * EvaluateTargetHealth the alias is healthy only while the load balancer is (botocore
 * AliasTarget.EvaluateTargetHealth: an ALB or NLB is unhealthy when a target group with targets has
 * no healthy target).
 */
public final class LoadBalancers {
  public enum Kind {
    NLB,
    ALB
  }

  /** One load balancer; {@code name} lowercase with a trailing dot. */
  public record LoadBalancer(
      String name,
      Kind kind,
      String region,
      String canonicalZoneId,
      List<String> addresses,
      boolean healthy) {}

  // NLB: <name>-<id>.elb.<region>.amazonaws.com; ALB/Classic:
  // <name>-<id>.<region>.elb.amazonaws.com
  private static final Pattern NLB =
      Pattern.compile("^[a-z0-9-]+\\.elb\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?\\.$");
  private static final Pattern ALB =
      Pattern.compile("^[a-z0-9-]+\\.([a-z0-9-]+)\\.elb\\.amazonaws\\.com(\\.cn)?\\.$");

  /**
   * region -> {ALB/Classic, NLB} canonical hosted zone ids
   * (https://docs.aws.amazon.com/general/latest/gr/elb.html).
   */
  private static final Map<String, String[]> ZONES =
      Map.ofEntries(
          Map.entry("us-east-1", new String[] {"Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"}),
          Map.entry("us-east-2", new String[] {"Z3AADJGX6KTTL2", "ZLMOA37VPKANP"}),
          Map.entry("us-west-1", new String[] {"Z368ELLRRE2KJ0", "Z24FKFUX50B4VW"}),
          Map.entry("us-west-2", new String[] {"Z1H1FL5HABSF5", "Z18D5FSROUN65G"}),
          Map.entry("ap-northeast-1", new String[] {"Z14GRHDCWA56QT", "Z31USIVHYNEOWT"}),
          Map.entry("ap-southeast-1", new String[] {"Z1LMS91P8CMLE5", "ZKVM4W9LS7TM"}),
          Map.entry("ap-southeast-2", new String[] {"Z1GM3OXH4ZPM65", "ZCT6FZBF4DROD"}),
          Map.entry("ap-south-1", new String[] {"ZP97RAFLXTNZK", "ZVDDRBQ08TROA"}),
          Map.entry("ca-central-1", new String[] {"ZQSVJUPU6J1EY", "Z2EPGBW3API2WT"}),
          Map.entry("eu-central-1", new String[] {"Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"}),
          Map.entry("eu-west-1", new String[] {"Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"}),
          Map.entry("eu-west-2", new String[] {"ZHURV8PSTC4K8", "ZD4D7Y8KGAS4G"}),
          Map.entry("eu-west-3", new String[] {"Z3Q77PNBQS71R4", "Z1CMS0P5QUZ6D5"}),
          Map.entry("eu-north-1", new String[] {"Z23TAZ6LKFMNIO", "Z1UDT6IFJ4EJM"}),
          Map.entry("sa-east-1", new String[] {"Z2P70J7HTTTPLU", "ZTK26PT1VY4CU"}));

  private final Map<String, LoadBalancer> byName = new ConcurrentHashMap<>();

  /** The canonical hosted zone id of a region's ALBs or NLBs. */
  public static String canonicalZoneId(Kind kind, String region) {
    String[] ids = ZONES.get(region);
    if (ids == null)
      throw new IllegalArgumentException("no canonical hosted zone known for region " + region);
    return ids[kind == Kind.ALB ? 0 : 1];
  }

  /**
   * Registers a load balancer (healthy), or replaces one of that name. The name must have its
   * kind's form for the region, as AWS assigns it.
   */
  public LoadBalancer register(Kind kind, String region, String dnsName, List<String> addresses) {
    String n = DnsNames.normalize(dnsName);
    Matcher m = (kind == Kind.NLB ? NLB : ALB).matcher(n);
    if (!m.matches() || !m.group(1).equals(region)) {
      throw new IllegalArgumentException(
          dnsName
              + " is not the DNS name of an "
              + kind
              + " in "
              + region
              + (kind == Kind.NLB
                  ? " (<name>.elb.<region>.amazonaws.com)"
                  : " (<name>.<region>.elb.amazonaws.com)"));
    }
    LoadBalancer lb =
        new LoadBalancer(
            n, kind, region, canonicalZoneId(kind, region), List.copyOf(addresses), true);
    byName.put(n, lb);
    return lb;
  }

  /** Sets the load balancer's target health, as its target groups' health checks would. */
  public void setHealthy(String dnsName, boolean healthy) {
    byName.computeIfPresent(
        DnsNames.normalize(dnsName),
        (k, lb) ->
            new LoadBalancer(
                lb.name(), lb.kind(), lb.region(), lb.canonicalZoneId(), lb.addresses(), healthy));
  }

  public void remove(String dnsName) {
    byName.remove(DnsNames.normalize(dnsName));
  }

  public Optional<LoadBalancer> get(String dnsName) {
    return Optional.ofNullable(byName.get(DnsNames.normalize(dnsName)));
  }

  /**
   * The load balancer an alias to {@code name} in {@code zoneId} reaches (ALB names also as
   * dualstack.).
   */
  Optional<LoadBalancer> target(String zoneId, String name) {
    return byName(name).filter(lb -> lb.canonicalZoneId().equals(zoneId));
  }

  /** Whether the name is a registered load balancer's (or its dualstack. name). */
  boolean knows(String name) {
    return byName(name).isPresent();
  }

  /**
   * Null when an alias in {@code zoneId} may target the load balancer at {@code name}; else
   * Route53's refusal for a load balancer named with another zone than its canonical one
   * (cli53#213, harmony-ops#491: "does not lie within the target zone"). A name no load balancer
   * has is "not found" like any missing target.
   */
  String refusal(String zoneId, String name, String type) {
    if (target(zoneId, name).isPresent()) return null;
    return "Tried to create an alias that targets "
        + DnsNames.normalize(name)
        + ", type "
        + type
        + " in zone "
        + zoneId
        + ", but the alias target name does not lie within the target zone";
  }

  private Optional<LoadBalancer> byName(String name) {
    String n = DnsNames.normalize(name);
    LoadBalancer lb = byName.get(n);
    // routing-to-elb-load-balancer.html: ALB and Classic names are also reached as dualstack.<name>
    if (lb == null && n.startsWith("dualstack.")) {
      lb = byName.get(n.substring("dualstack.".length()));
      if (lb != null && lb.kind() != Kind.ALB) lb = null;
    }
    return Optional.ofNullable(lb);
  }
}
