package io.regionaledge.testkit.route53;

/**
 * A health check's state. UNKNOWN until the first probe result; routing treats UNKNOWN as healthy,
 * as Route53 considers a new health check healthy until its checkers prove otherwise.
 */
public enum HealthStatus {
  UNKNOWN,
  HEALTHY,
  UNHEALTHY
}
