package io.regionaledge.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

public class ProxySpec {
  public static final String DEFAULT_CONNECT_TIMEOUT = "5s";
  public static final String DEFAULT_RESPONSE_TIMEOUT = "30s";
  public static final String DEFAULT_REQUEST_HEADER_TIMEOUT = "10s";
  public static final String DEFAULT_IDLE_TIMEOUT = "60s";
  public static final String DEFAULT_DRAIN_GRACE_PERIOD = "10s";
  public static final int DEFAULT_MAX_HEADER_BYTES = 16384;
  public static final int DEFAULT_MAX_CONNECTIONS = 10000;
  public static final boolean DEFAULT_ACCESS_LOG = true;
  public static final String DEFAULT_IMAGE = "ghcr.io/regionaledge/proxy:0.1.0";

  /** A Go-style duration as the proxy accepts it: 500ms, 5s, 2m. */
  public static final String DURATION = "^[0-9]{1,6}(ms|s|m)$";

  /** The longest DURATION: six digits and "ms". */
  static final int DURATION_MAX = 8;

  @Default(DEFAULT_IMAGE)
  @Size(max = 512) // registry/repository:tag@sha256:<64 hex> fits with room to spare
  @JsonPropertyDescription("Proxy container image.")
  private String image = DEFAULT_IMAGE;

  private ResourceRequirements resources;

  @Pattern(DURATION)
  @Size(max = DURATION_MAX)
  @Default(DEFAULT_CONNECT_TIMEOUT)
  @JsonPropertyDescription("Upstream TCP+TLS connect timeout.")
  private String connectTimeout = DEFAULT_CONNECT_TIMEOUT;

  @Pattern(DURATION)
  @Size(max = DURATION_MAX)
  @Default(DEFAULT_RESPONSE_TIMEOUT)
  @JsonPropertyDescription("Time allowed for the backend to start answering; then 504.")
  private String responseTimeout = DEFAULT_RESPONSE_TIMEOUT;

  @Pattern(DURATION)
  @Size(max = DURATION_MAX)
  @Default(DEFAULT_REQUEST_HEADER_TIMEOUT)
  @JsonPropertyDescription("Time a client has to send the request headers.")
  private String requestHeaderTimeout = DEFAULT_REQUEST_HEADER_TIMEOUT;

  @Pattern(DURATION)
  @Size(max = DURATION_MAX)
  @Default(DEFAULT_IDLE_TIMEOUT)
  @JsonPropertyDescription("Idle keep-alive timeout for client connections.")
  private String idleTimeout = DEFAULT_IDLE_TIMEOUT;

  @Pattern(DURATION)
  @Size(max = DURATION_MAX)
  @Default(DEFAULT_DRAIN_GRACE_PERIOD)
  @JsonPropertyDescription(
      "After SIGTERM, how long new connections are still served while DNS moves away.")
  private String drainGracePeriod = DEFAULT_DRAIN_GRACE_PERIOD;

  @Min(1024)
  @Max(1048576)
  @Default("" + DEFAULT_MAX_HEADER_BYTES)
  @JsonPropertyDescription("Largest request line plus headers accepted, in bytes (431 beyond).")
  private Integer maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;

  @Min(1)
  @Max(1000000)
  @Default("" + DEFAULT_MAX_CONNECTIONS)
  @JsonPropertyDescription("Most concurrent client connections per instance.")
  private Integer maxConnections = DEFAULT_MAX_CONNECTIONS;

  @Default("" + DEFAULT_ACCESS_LOG)
  @JsonPropertyDescription("One JSON access-log line per request.")
  private Boolean accessLog = DEFAULT_ACCESS_LOG;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public String getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(String connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public String getResponseTimeout() {
    return responseTimeout;
  }

  public void setResponseTimeout(String responseTimeout) {
    this.responseTimeout = responseTimeout;
  }

  public String getRequestHeaderTimeout() {
    return requestHeaderTimeout;
  }

  public void setRequestHeaderTimeout(String requestHeaderTimeout) {
    this.requestHeaderTimeout = requestHeaderTimeout;
  }

  public String getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public String getDrainGracePeriod() {
    return drainGracePeriod;
  }

  public void setDrainGracePeriod(String drainGracePeriod) {
    this.drainGracePeriod = drainGracePeriod;
  }

  public Integer getMaxHeaderBytes() {
    return maxHeaderBytes;
  }

  public void setMaxHeaderBytes(Integer maxHeaderBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
  }

  public Integer getMaxConnections() {
    return maxConnections;
  }

  public void setMaxConnections(Integer maxConnections) {
    this.maxConnections = maxConnections;
  }

  public Boolean getAccessLog() {
    return accessLog;
  }

  public void setAccessLog(Boolean accessLog) {
    this.accessLog = accessLog;
  }

  /** connectTimeout, or its default when it was set to null. */
  public String connectTimeoutOrDefault() {
    return connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
  }

  /** responseTimeout, or its default when it was set to null. */
  public String responseTimeoutOrDefault() {
    return responseTimeout == null ? DEFAULT_RESPONSE_TIMEOUT : responseTimeout;
  }

  /** requestHeaderTimeout, or its default when it was set to null. */
  public String requestHeaderTimeoutOrDefault() {
    return requestHeaderTimeout == null ? DEFAULT_REQUEST_HEADER_TIMEOUT : requestHeaderTimeout;
  }

  /** idleTimeout, or its default when it was set to null. */
  public String idleTimeoutOrDefault() {
    return idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
  }

  /** drainGracePeriod, or its default when it was set to null. */
  public String drainGracePeriodOrDefault() {
    return drainGracePeriod == null ? DEFAULT_DRAIN_GRACE_PERIOD : drainGracePeriod;
  }

  /** maxHeaderBytes, or its default when it was set to null. */
  public int maxHeaderBytesOrDefault() {
    return maxHeaderBytes == null ? DEFAULT_MAX_HEADER_BYTES : maxHeaderBytes;
  }

  /** maxConnections, or its default when it was set to null. */
  public int maxConnectionsOrDefault() {
    return maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections;
  }

  /** accessLog, or its default when it was set to null. */
  public boolean accessLogOrDefault() {
    return accessLog == null ? DEFAULT_ACCESS_LOG : accessLog;
  }

  /** image, or its default when it was set to null. */
  public String imageOrDefault() {
    return image == null ? DEFAULT_IMAGE : image;
  }
}
