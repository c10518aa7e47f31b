package io.regionaledge.testkit.route53;

import java.util.List;

/**
 * Route53's health-checker regions: the eight of botocore's HealthCheckRegion enum, all of which
 * check an endpoint when a check names no Regions (botocore HealthCheckConfig.Regions: "If you
 * don't specify any regions, Route 53 health checkers in all of the regions listed under Valid
 * Values check your endpoint"). Each reports from one address in Route53's checker prefix
 * 15.177.0.0/18 (ip-ranges.json, service ROUTE53_HEALTHCHECKS); eu-west-1's and ap-northeast-1's
 * are as real GetHealthCheckStatus output shows them (overmindtech/cli, route53 health-check
 * adapter test), the others are illustrative.
 */
final class CheckerRegions {
  /** One checker: its region and the address it reports in HealthCheckObservation.IPAddress. */
  record Checker(String region, String ipAddress) {}

  static final List<Checker> ALL =
      List.of(
          new Checker("us-east-1", "15.177.2.21"), new Checker("us-west-1", "15.177.6.21"),
          new Checker("us-west-2", "15.177.14.21"), new Checker("eu-west-1", "15.177.10.21"),
          new Checker("ap-southeast-1", "15.177.34.21"),
              new Checker("ap-southeast-2", "15.177.42.21"),
          new Checker("ap-northeast-1", "15.177.62.21"), new Checker("sa-east-1", "15.177.50.21"));

  /**
   * "If more than 18% of health checkers report that an endpoint is healthy, Route 53 considers it
   * healthy. If 18% of health checkers or fewer report that an endpoint is healthy, Route 53
   * considers it unhealthy." (Developer Guide, dns-failover-determining-health-of-endpoints.html)
   */
  static boolean enoughHealthy(int healthy, int checkers) {
    return healthy > 0.18 * checkers;
  }

  static boolean known(String region) {
    return ALL.stream().anyMatch(c -> c.region().equals(region));
  }

  private CheckerRegions() {}
}
