package io.regionaledge.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value = "has(self.hostedZoneId) || has(self.hostedZoneName)",
    message = "set hostedZoneId or hostedZoneName")
public class DnsSpec {
  public static final int DEFAULT_TTL = 60;

  @Pattern("^Z[A-Z0-9]{1,32}$")
  @Size(max = 33) // the pattern's own bound: Z and at most 32
  @JsonPropertyDescription(
      "Route53 hosted zone id, e.g. Z0123456789ABCDEFGHIJ. Takes precedence over hostedZoneName.")
  private String hostedZoneId;

  @Pattern(RegionalEdgeSpec.DNS_NAME)
  @Size(max = 253) // a DNS name
  @JsonPropertyDescription(
      "Route53 public hosted zone name, e.g. example.com; looked up when hostedZoneId is not set.")
  private String hostedZoneName;

  @Min(1)
  @Max(86400)
  @Default("" + DEFAULT_TTL)
  @JsonPropertyDescription(
      "TTL in seconds of the records RegionalEdge writes (alias records use the target's).")
  private Integer ttl = DEFAULT_TTL;

  @JsonPropertyDescription("Route53 health check for each proxy instance.")
  private HealthCheckSpec healthCheck = new HealthCheckSpec();

  @Default("false")
  @JsonPropertyDescription(
      "Take over a hand-built tree of the same shape for this hostname and region (a latency "
          + "record for the region at the hostname, a weighted set under it, per-instance records with health checks, "
          + "plain or alias, A or CNAME) instead of stopping with Conflict: the records are moved to RegionalEdge's form "
          + "in atomic batches, matching health checks are reused. Run `plan` first. See docs/adoption.md.")
  private Boolean adopt = false;

  public Boolean getAdopt() {
    return adopt;
  }

  public void setAdopt(Boolean adopt) {
    this.adopt = adopt;
  }

  public String getHostedZoneId() {
    return hostedZoneId;
  }

  public void setHostedZoneId(String hostedZoneId) {
    this.hostedZoneId = hostedZoneId;
  }

  public String getHostedZoneName() {
    return hostedZoneName;
  }

  public void setHostedZoneName(String hostedZoneName) {
    this.hostedZoneName = hostedZoneName;
  }

  public Integer getTtl() {
    return ttl;
  }

  public void setTtl(Integer ttl) {
    this.ttl = ttl;
  }

  public HealthCheckSpec getHealthCheck() {
    return healthCheck;
  }

  public void setHealthCheck(HealthCheckSpec healthCheck) {
    this.healthCheck = healthCheck;
  }

  /** ttl, or its default when it was set to null. */
  public int ttlOrDefault() {
    return ttl == null ? DEFAULT_TTL : ttl;
  }
}
