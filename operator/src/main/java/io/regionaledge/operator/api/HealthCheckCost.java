package io.regionaledge.operator.api;

import io.fabric8.generator.annotation.Size;

/**
 * The Route53 health checks a resource holds and their monthly price, an estimate from the
 * operator's price table (see {@code basis}); DNS queries are billed on top and not included.
 */
public class HealthCheckCost {
  /** Health checks this region's operator holds for the resource. */
  private Integer healthChecks;

  /** Their monthly price, e.g. "$5.00/mo". */
  @Size(max = 32)
  private String monthly;

  /** Checks of the whole resource: every region of spec.regions at its replicas. */
  private Integer resourceHealthChecks;

  /** The whole resource's monthly health-check price, e.g. "$10.00/mo". */
  @Size(max = 32)
  private String resourceMonthly;

  /** What the figures assume: "estimate, prices of 2026-08-07, AWS endpoints, ...". */
  @Size(max = 512)
  private String basis;

  public Integer getHealthChecks() {
    return healthChecks;
  }

  public void setHealthChecks(Integer healthChecks) {
    this.healthChecks = healthChecks;
  }

  public String getMonthly() {
    return monthly;
  }

  public void setMonthly(String monthly) {
    this.monthly = monthly;
  }

  public Integer getResourceHealthChecks() {
    return resourceHealthChecks;
  }

  public void setResourceHealthChecks(Integer resourceHealthChecks) {
    this.resourceHealthChecks = resourceHealthChecks;
  }

  public String getResourceMonthly() {
    return resourceMonthly;
  }

  public void setResourceMonthly(String resourceMonthly) {
    this.resourceMonthly = resourceMonthly;
  }

  public String getBasis() {
    return basis;
  }

  public void setBasis(String basis) {
    this.basis = basis;
  }
}
