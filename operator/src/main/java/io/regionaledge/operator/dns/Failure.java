package io.regionaledge.operator.dns;

import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/** Maps what went wrong (after the SDK's own retries) onto the DnsSynced condition. */
final class Failure {
  private static final Set<String> THROTTLING =
      Set.of("Throttling", "ThrottlingException", "PriorRequestNotComplete");
  private static final Set<String> QUOTA =
      Set.of("TooManyHealthChecks", "LimitsExceeded", "TooManyRecordSets");

  private Failure() {}

  static DnsSyncResult toResult(Throwable t, Duration throttledRetry, Duration errorRetry) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      // our own budget, possibly wrapped by the SDK because it was thrown from an interceptor
      if (c instanceof TokenBucket.RateLimitedException) {
        return new DnsSyncResult("False", "Throttled", c.getMessage(), null, throttledRetry);
      }
    }
    Throwable root = t;
    while (!(root instanceof SdkException)
        && !(root instanceof TokenBucket.RateLimitedException)
        && root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof TokenBucket.RateLimitedException) {
      return new DnsSyncResult("False", "Throttled", root.getMessage(), null, throttledRetry);
    }
    if (root instanceof Route53Exception r && r.awsErrorDetails() != null) {
      String code = r.awsErrorDetails().errorCode();
      String msg = code + ": " + r.awsErrorDetails().errorMessage();
      if (THROTTLING.contains(code)) {
        return new DnsSyncResult(
            "False",
            "Throttled",
            "Route53 kept refusing after retries: " + msg,
            null,
            throttledRetry);
      }
      if (QUOTA.contains(code)) {
        return new DnsSyncResult(
            "False",
            "QuotaExceeded",
            msg + " (raise the Route53 quota)",
            null,
            Duration.ofMinutes(5));
      }
      if (r.statusCode() >= 500) {
        return new DnsSyncResult(
            "False", "Error", "Route53 failed after retries: " + msg, null, errorRetry);
      }
      return new DnsSyncResult("False", "Error", msg, null, errorRetry);
    }
    if (root instanceof SdkClientException) {
      Throwable cause = root.getCause() == null ? root : root.getCause();
      return new DnsSyncResult(
          "False", "Error", "cannot reach Route53: " + cause, null, errorRetry);
    }
    return new DnsSyncResult(
        "False",
        "Error",
        String.valueOf(t.getMessage() == null ? t : t.getMessage()),
        null,
        errorRetry);
  }

  static boolean isCode(Throwable t, String code) {
    return t instanceof Route53Exception r
        && r.awsErrorDetails() != null
        && code.equals(r.awsErrorDetails().errorCode());
  }
}
