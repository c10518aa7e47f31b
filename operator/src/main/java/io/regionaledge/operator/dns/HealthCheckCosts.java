package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.HealthCheckCost;
import io.regionaledge.operator.api.HealthCheckSpec;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The monthly price of a resource's health checks, from {@link Route53Prices}: per check the base
 * fee plus HTTPS, plus the fast interval at 10 s (the operator uses neither string matching nor
 * latency measurement). Whether the checked addresses count as AWS endpoints (EC2 or ELB addresses:
 * the lower prices) is the operator's {@code --route53-endpoint-prices} setting; the first 50
 * AWS-endpoint checks of an account carry no base fee, which a per-resource figure cannot know, so
 * it is not applied (the figure is an upper bound there).
 */
public final class HealthCheckCosts {
  private HealthCheckCosts() {}

  /**
   * @param heldHere checks this region's operator holds for the resource
   * @param awsEndpoints whether the instances' addresses are AWS resources
   */
  public static HealthCheckCost estimate(RegionalEdge edge, int heldHere, boolean awsEndpoints) {
    int interval = interval(edge);
    BigDecimal each = Route53Prices.healthCheckMonthly(interval, awsEndpoints);
    int resource = resourceChecks(edge, heldHere);
    HealthCheckCost c = new HealthCheckCost();
    c.setHealthChecks(heldHere);
    c.setMonthly(dollars(each.multiply(BigDecimal.valueOf(heldHere))));
    c.setResourceHealthChecks(resource);
    c.setResourceMonthly(dollars(each.multiply(BigDecimal.valueOf(resource))));
    c.setBasis(
        "estimate, prices of "
            + Route53Prices.AS_OF
            + ", "
            + (awsEndpoints ? "AWS" : "non-AWS")
            + " endpoints: "
            + dollars(each)
            + " per check (HTTPS"
            + (interval == 10 ? ", 10 s interval" : "")
            + "); DNS queries not included; see https://aws.amazon.com/route53/pricing/");
    return c;
  }

  /**
   * HostPort: one check per instance, every region at its replicas; LoadBalancer: as here in every
   * region.
   */
  static int resourceChecks(RegionalEdge edge, int heldHere) {
    if (edge.getSpec() == null || edge.getSpec().getRegions() == null) {
      return heldHere;
    }
    ExposureSpec exposure = edge.getSpec().getExposure();
    if (exposure != null && exposure.getType() == ExposureSpec.Type.LoadBalancer) {
      return heldHere * edge.getSpec().getRegions().size();
    }
    int sum = 0;
    for (RegionSpec r : edge.getSpec().getRegions()) {
      sum += r.getReplicas() == null ? new RegionSpec().getReplicas() : r.getReplicas();
    }
    return sum;
  }

  private static int interval(RegionalEdge edge) {
    HealthCheckSpec hc =
        edge.getSpec() == null || edge.getSpec().getDns() == null
            ? null
            : edge.getSpec().getDns().getHealthCheck();
    Integer i = hc == null ? null : hc.getRequestInterval();
    return i == null ? new HealthCheckSpec().getRequestInterval() : i;
  }

  static String dollars(BigDecimal amount) {
    return "$" + amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + "/mo";
  }
}
