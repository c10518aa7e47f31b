package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.DnsSpec;
import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.HealthCheckSpec;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;

/**
 * What one region's operator manages for one resource, resolved from the spec, with the record
 * names it owns:
 *
 * <ul>
 *   <li>{@code <hostname>} latency alias, SetIdentifier = region
 *   <li>{@code proxy-<region>-<hostname>} weighted set, one member per ready instance
 *   <li>{@code proxy<N>-<region>-<hostname>} one A record per instance, N its slot
 *   <li>{@code _regionaledge.proxy-<region>-<hostname>} the ownership TXT ({@link Registry})
 * </ul>
 */
public record Target(
    String resource,
    String uid,
    String region,
    String hostname,
    String zoneId,
    long ttl,
    String healthPath,
    int requestInterval,
    int failureThreshold,
    int port,
    boolean drain,
    boolean inSpec) {

  public static Target of(RegionalEdge edge, String region, String zoneId) {
    var spec = edge.getSpec();
    if (spec == null || spec.getHostname() == null || spec.getHostname().isBlank()) {
      throw new IllegalArgumentException("spec.hostname is required");
    }
    String hostname = Rrset.normalise(spec.getHostname());
    DnsSpec dns = spec.getDns() == null ? new DnsSpec() : spec.getDns();
    HealthCheckSpec hc =
        dns.getHealthCheck() == null ? new HealthCheckSpec() : dns.getHealthCheck();
    ExposureSpec exposure = spec.getExposure() == null ? new ExposureSpec() : spec.getExposure();
    RegionSpec mine =
        spec.getRegions() == null
            ? null
            : spec.getRegions().stream()
                .filter(r -> region.equals(r.getName()))
                .findFirst()
                .orElse(null);
    String firstLabel = "proxy100-" + region + "-" + hostname.split("\\.", 2)[0];
    if (firstLabel.length() > 63) {
      throw new IllegalArgumentException(
          "hostname's first label is too long: "
              + firstLabel
              + " (the per-instance record name) would exceed 63 characters");
    }
    var meta = edge.getMetadata();
    return new Target(
        meta.getNamespace() + "/" + meta.getName(),
        meta.getUid(),
        region,
        hostname,
        zoneId,
        dns.ttlOrDefault(),
        hc.pathOrDefault(),
        hc.requestIntervalOrDefault(),
        hc.failureThresholdOrDefault(),
        exposure.portOrDefault(),
        mine != null && Boolean.TRUE.equals(mine.getDrain()),
        mine != null);
  }

  public String latencyName() {
    return hostname;
  }

  public String weightedName() {
    return "proxy-" + region + "-" + hostname;
  }

  public String instanceName(int slot) {
    return "proxy" + slot + "-" + region + "-" + hostname;
  }

  public String registryName() {
    return "_regionaledge." + weightedName();
  }

  /**
   * The slot of a record named like one of our per-instance records, or -1. Called for every record
   * of a zone.
   */
  public int slotOf(String recordName) {
    String suffix = "-" + region + "-" + hostname;
    int end = recordName.length() - suffix.length();
    if (end <= 5
        || end > 9
        || !recordName.startsWith("proxy")
        || !recordName.endsWith(suffix)
        || recordName.charAt(5) == '0') {
      return -1;
    }
    for (int i = 5; i < end; i++) {
      if (!Character.isDigit(recordName.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(recordName.substring(5, end));
  }

  public CheckConfig check(String address) {
    return new CheckConfig(address, port, hostname, healthPath, requestInterval, failureThreshold);
  }

  /**
   * Deterministic, so a restarted operator finds the check it created instead of making another:
   * {@link #callerReferencePrefix()} then a digest of the address, the check's settings and the
   * registry serial (and {@code -<attempt>} after a collision with a deleted check's reference). At
   * most 58 characters (Route53 allows 64).
   */
  public String callerReference(String address, long serial, int attempt) {
    String ref =
        callerReferencePrefix()
            + CheckConfig.sha256(
                    uid + "|" + region + "|" + address + "|" + check(address) + "|" + serial)
                .substring(0, 32);
    return attempt == 0 ? ref : ref + "-" + attempt;
  }

  /**
   * {@code re-<20 hex of sha256(uid|region)>-}: the start of the CallerReference of every health
   * check this resource creates in this region, so cleanup finds them even when no record or
   * ownership record ever named them.
   */
  public String callerReferencePrefix() {
    return "re-" + CheckConfig.sha256(uid + "|" + region).substring(0, 20) + "-";
  }
}
