package io.regionaledge.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

public class HealthCheckSpec {
  public static final int DEFAULT_REQUEST_INTERVAL = 30;
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;
  public static final String DEFAULT_PATH = "/.well-known/regionaledge/health";

  @Pattern("^/[A-Za-z0-9._~/-]{0,254}$")
  @Size(max = 255) // Route53 HealthCheckConfig ResourcePath: at most 255
  @Default(DEFAULT_PATH)
  @JsonPropertyDescription(
      "Path the proxy answers itself on its TLS listener: 200 while ready, 503 otherwise.")
  private String path = DEFAULT_PATH;

  @Default("" + DEFAULT_REQUEST_INTERVAL)
  @ValidationRule(value = "self == 10 || self == 30", message = "requestInterval must be 10 or 30")
  @JsonPropertyDescription(
      "Seconds between Route53 checks from each checker: 10 (fast) or 30 (standard).")
  private Integer requestInterval = DEFAULT_REQUEST_INTERVAL;

  @Min(1)
  @Max(10)
  @Default("" + DEFAULT_FAILURE_THRESHOLD)
  @JsonPropertyDescription(
      "Consecutive failures before Route53 marks an instance unhealthy (1-10).")
  private Integer failureThreshold = DEFAULT_FAILURE_THRESHOLD;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Integer getRequestInterval() {
    return requestInterval;
  }

  public void setRequestInterval(Integer requestInterval) {
    this.requestInterval = requestInterval;
  }

  public Integer getFailureThreshold() {
    return failureThreshold;
  }

  public void setFailureThreshold(Integer failureThreshold) {
    this.failureThreshold = failureThreshold;
  }

  /** requestInterval, or its default when it was set to null. */
  public int requestIntervalOrDefault() {
    return requestInterval == null ? DEFAULT_REQUEST_INTERVAL : requestInterval;
  }

  /** failureThreshold, or its default when it was set to null. */
  public int failureThresholdOrDefault() {
    return failureThreshold == null ? DEFAULT_FAILURE_THRESHOLD : failureThreshold;
  }

  /** path, or its default when it was set to null. */
  public String pathOrDefault() {
    return path == null ? DEFAULT_PATH : path;
  }
}
