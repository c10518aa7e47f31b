package io.regionaledge.testkit.route53;

import java.util.Map;

/** A health check as stored: id (a UUID), its caller reference, settings, version and tags. */
public record HealthCheck(
    String id,
    String callerReference,
    HealthCheckConfig config,
    long version,
    Map<String, String> tags) {
  public HealthCheck {
    tags = Map.copyOf(tags);
  }
}
