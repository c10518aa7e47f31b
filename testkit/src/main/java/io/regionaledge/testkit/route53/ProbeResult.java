package io.regionaledge.testkit.route53;

import java.time.Instant;

/**
 * The outcome of one health-check probe, with Route53-style wording ("Success: HTTP Status Code
 * 200").
 */
public record ProbeResult(boolean success, String report, Instant checkedAt) {}
