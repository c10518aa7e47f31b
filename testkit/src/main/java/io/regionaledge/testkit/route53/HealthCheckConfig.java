package io.regionaledge.testkit.route53;

/**
 * The settings of a health check, with Route53's defaults filled in (port by type, interval 30 s,
 * threshold 3). Two configs are "the same settings" for CallerReference idempotency iff equal.
 */
public record HealthCheckConfig(
    String ipAddress,
    Integer port,
    String type,
    String resourcePath,
    String fullyQualifiedDomainName,
    String searchString,
    int requestInterval,
    int failureThreshold,
    boolean measureLatency,
    boolean inverted,
    boolean disabled,
    boolean enableSni) {

  /** A plain HTTPS check with SNI, as the operator creates them. */
  public static HealthCheckConfig https(String ip, int port, String path, String fqdn) {
    return new HealthCheckConfig(
        ip, port, "HTTPS", path, fqdn, null, 30, 3, false, false, false, true);
  }

  public boolean usesTls() {
    return type.startsWith("HTTPS");
  }

  public int effectivePort() {
    if (port != null) return port;
    return usesTls() ? 443 : 80;
  }

  HealthCheckConfig withPort(Integer p) {
    return new HealthCheckConfig(
        ipAddress,
        p,
        type,
        resourcePath,
        fullyQualifiedDomainName,
        searchString,
        requestInterval,
        failureThreshold,
        measureLatency,
        inverted,
        disabled,
        enableSni);
  }
}
