package io.regionaledge.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

public class ProxySpec {
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

  @Pattern(DURATION) @Size(max = DURATION_MAX) @Default("5s")
  @JsonPropertyDescription("Upstream TCP+TLS connect timeout.")
  private String connectTimeout = "5s";

  @Pattern(DURATION) @Size(max = DURATION_MAX) @Default("30s")
  @JsonPropertyDescription("Time allowed for the backend to start answering; then 504.")
  private String responseTimeout = "30s";

  @Pattern(DURATION) @Size(max = DURATION_MAX) @Default("10s")
  @JsonPropertyDescription("Time a client has to send the request headers.")
  private String requestHeaderTimeout = "10s";

  @Pattern(DURATION) @Size(max = DURATION_MAX) @Default("60s")
  @JsonPropertyDescription("Idle keep-alive timeout for client connections.")
  private String idleTimeout = "60s";

  @Pattern(DURATION) @Size(max = DURATION_MAX) @Default("10s")
  @JsonPropertyDescription("After SIGTERM, how long new connections are still served while DNS moves away.")
  private String drainGracePeriod = "10s";

  @Min(1024) @Max(1048576) @Default("16384")
  @JsonPropertyDescription("Largest request line plus headers accepted, in bytes (431 beyond).")
  private Integer maxHeaderBytes = 16384;

  @Min(1) @Max(1000000) @Default("10000")
  @JsonPropertyDescription("Most concurrent client connections per instance.")
  private Integer maxConnections = 10000;

  @Default("true")
  @JsonPropertyDescription("One JSON access-log line per request.")
  private Boolean accessLog = true;

  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public ResourceRequirements getResources() { return resources; }
  public void setResources(ResourceRequirements resources) { this.resources = resources; }
  public String getConnectTimeout() { return connectTimeout; }
  public void setConnectTimeout(String connectTimeout) { this.connectTimeout = connectTimeout; }
  public String getResponseTimeout() { return responseTimeout; }
  public void setResponseTimeout(String responseTimeout) { this.responseTimeout = responseTimeout; }
  public String getRequestHeaderTimeout() { return requestHeaderTimeout; }
  public void setRequestHeaderTimeout(String requestHeaderTimeout) { this.requestHeaderTimeout = requestHeaderTimeout; }
  public String getIdleTimeout() { return idleTimeout; }
  public void setIdleTimeout(String idleTimeout) { this.idleTimeout = idleTimeout; }
  public String getDrainGracePeriod() { return drainGracePeriod; }
  public void setDrainGracePeriod(String drainGracePeriod) { this.drainGracePeriod = drainGracePeriod; }
  public Integer getMaxHeaderBytes() { return maxHeaderBytes; }
  public void setMaxHeaderBytes(Integer maxHeaderBytes) { this.maxHeaderBytes = maxHeaderBytes; }
  public Integer getMaxConnections() { return maxConnections; }
  public void setMaxConnections(Integer maxConnections) { this.maxConnections = maxConnections; }
  public Boolean getAccessLog() { return accessLog; }
  public void setAccessLog(Boolean accessLog) { this.accessLog = accessLog; }
}
