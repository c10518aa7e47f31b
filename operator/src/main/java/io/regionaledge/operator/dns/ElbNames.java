package io.regionaledge.operator.dns;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS Elastic Load Balancing DNS names, and the canonical hosted zone an alias to one must name.
 * NLB names end in {@code elb.<region>.amazonaws.com}; ALB and Classic names in {@code
 * <region>.elb.amazonaws.com} ({@code .cn} in China). The zone ids are the table of
 * https://docs.aws.amazon.com/general/latest/gr/elb.html ("Route 53 Hosted Zone ID" per region, one
 * column for ALB/Classic, one for NLB); {@code elbv2:DescribeLoadBalancers} reports the same value
 * as CanonicalHostedZoneId.
 */
public final class ElbNames {
  private static final Pattern NLB =
      Pattern.compile(
          "^[a-z0-9-]+\\.elb\\.([a-z]{2}(?:-gov)?-[a-z]+-\\d)\\.amazonaws\\.com(\\.cn)?$");
  private static final Pattern ALB =
      Pattern.compile(
          "^(?:dualstack\\.)?([a-z0-9-]+)\\.([a-z]{2}(?:-gov)?-[a-z]+-\\d)\\.elb\\.amazonaws\\.com(\\.cn)?$");

  public enum Kind {
    NLB,
    ALB_OR_CLASSIC
  }

  /**
   * One load balancer as an alias target.
   *
   * @param aliasName the DNSName to put in the alias: ALB and Classic names get {@code dualstack.}
   *     (routing-to-elb-load-balancer.html: Route53 then answers A and AAAA), NLB names stay as
   *     they are
   */
  public record LoadBalancer(
      String name, Kind kind, String region, String zoneId, String aliasName) {}

  /**
   * region -> {ALB/Classic zone, NLB zone}
   * (https://docs.aws.amazon.com/general/latest/gr/elb.html).
   */
  static final Map<String, String[]> ZONES =
      Map.ofEntries(
          zone("us-east-1", "Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"),
          zone("us-east-2", "Z3AADJGX6KTTL2", "ZLMOA37VPKANP"),
          zone("us-west-1", "Z368ELLRRE2KJ0", "Z24FKFUX50B4VW"),
          zone("us-west-2", "Z1H1FL5HABSF5", "Z18D5FSROUN65G"),
          zone("af-south-1", "Z268VQBMOI5EKX", "Z203XCE67M25HM"),
          zone("ap-east-1", "Z3DQVH9N71FHZ0", "Z12Y7K3UBGUAD1"),
          zone("ap-east-2", "Z02789141MW7T1WBU19PO", "Z09176273OC2HWIAUNYW"),
          zone("ap-south-1", "ZP97RAFLXTNZK", "ZVDDRBQ08TROA"),
          zone("ap-south-2", "Z0173938T07WNTVAEPZN", "Z0711778386UTO08407HT"),
          zone("ap-northeast-1", "Z14GRHDCWA56QT", "Z31USIVHYNEOWT"),
          zone("ap-northeast-2", "ZWKZPGTI48KDX", "ZIBE1TIR4HY56"),
          zone("ap-northeast-3", "Z5LXEXXYW11ES", "Z1GWIQ4HH19I5X"),
          zone("ap-southeast-1", "Z1LMS91P8CMLE5", "ZKVM4W9LS7TM"),
          zone("ap-southeast-2", "Z1GM3OXH4ZPM65", "ZCT6FZBF4DROD"),
          zone("ap-southeast-3", "Z08888821HLRG5A9ZRTER", "Z01971771FYVNCOVWJU1G"),
          zone("ap-southeast-4", "Z09517862IB2WZLPXG76F", "Z01156963G8MIIL7X90IV"),
          zone("ap-southeast-5", "Z06010284QMVVW7WO5J", "Z026317210H9ACVTRO6FB"),
          zone("ap-southeast-6", "Z023301818UFJ50CIO0MV", "Z01392953RKV2Q3RBP0KU"),
          zone("ap-southeast-7", "Z0390008CMBRTHFGWBCB", "Z054363131YWATEMWRG5L"),
          zone("ca-central-1", "ZQSVJUPU6J1EY", "Z2EPGBW3API2WT"),
          zone("ca-west-1", "Z06473681N0SF6OS049SD", "Z02754302KBB00W2LKWZ9"),
          zone("eu-central-1", "Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"),
          zone("eu-central-2", "Z06391101F2ZOEP8P5EB3", "Z02239872DOALSIDCX66S"),
          zone("eu-west-1", "Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"),
          zone("eu-west-2", "ZHURV8PSTC4K8", "ZD4D7Y8KGAS4G"),
          zone("eu-west-3", "Z3Q77PNBQS71R4", "Z1CMS0P5QUZ6D5"),
          zone("eu-north-1", "Z23TAZ6LKFMNIO", "Z1UDT6IFJ4EJM"),
          zone("eu-south-1", "Z3ULH7SSC9OV64", "Z23146JA1KNAFP"),
          zone("eu-south-2", "Z0956581394HF5D5LXGAP", "Z1011216NVTVYADP1SSV"),
          zone("il-central-1", "Z09170902867EHPV2DABU", "Z0313266YDI6ZRHTGQY4"),
          zone("me-central-1", "Z08230872XQRWHG2XF6I", "Z00282643NTTLPANJJG2P"),
          zone("me-south-1", "ZS929ML54UICD", "Z3QSRYVP46NYYV"),
          zone("mx-central-1", "Z023552324OKD1BB28BH5", "Z02031231H3ID6HYJ9A7U"),
          zone("sa-east-1", "Z2P70J7HTTTPLU", "ZTK26PT1VY4CU"),
          zone("us-gov-west-1", "Z33AYJ8TM3BH4J", "ZMG1MZ2THAWF1"),
          zone("us-gov-east-1", "Z166TLBEWOO7G0", "Z1ZSMQQ6Q24QQ8"),
          zone("cn-north-1", "Z1GDH35T77C1KE", "Z3QFB96KMJ7ED6"),
          zone("cn-northwest-1", "ZM7IZAIOVVDZF", "ZQEIKTCZ8352D"));

  private ElbNames() {}

  private static Map.Entry<String, String[]> zone(String region, String albOrClassic, String nlb) {
    return Map.entry(region, new String[] {albOrClassic, nlb});
  }

  /**
   * The load balancer behind a DNS name; empty when it is not an ELB name of a region in the table.
   */
  public static Optional<LoadBalancer> parse(String dnsName) {
    String n = Rrset.normalise(dnsName);
    if (n == null) {
      return Optional.empty();
    }
    Matcher nlb = NLB.matcher(n);
    if (nlb.matches()) {
      String[] zones = ZONES.get(nlb.group(1));
      return zones == null
          ? Optional.empty()
          : Optional.of(new LoadBalancer(n, Kind.NLB, nlb.group(1), zones[1], n));
    }
    Matcher alb = ALB.matcher(n);
    if (alb.matches()) {
      String[] zones = ZONES.get(alb.group(2));
      String bare = n.startsWith("dualstack.") ? n.substring("dualstack.".length()) : n;
      return zones == null
          ? Optional.empty()
          : Optional.of(
              new LoadBalancer(
                  bare, Kind.ALB_OR_CLASSIC, alb.group(2), zones[0], "dualstack." + bare));
    }
    return Optional.empty();
  }
}
