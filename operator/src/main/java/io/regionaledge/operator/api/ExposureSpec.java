package io.regionaledge.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public class ExposureSpec {
  public static final int DEFAULT_PORT = 443;

  public enum Type {
    HostPort,
    LoadBalancer
  }

  @Default("HostPort")
  @JsonPropertyDescription(
      "HostPort: each pod binds the node's port and is reached at the node's ExternalIP (one per node). "
          + "LoadBalancer: one Service of type LoadBalancer per region.")
  private Type type = Type.HostPort;

  @Min(1)
  @Max(65535)
  @Default("" + DEFAULT_PORT)
  @JsonPropertyDescription("Public port: the hostPort, or the LoadBalancer Service port.")
  private Integer port = DEFAULT_PORT;

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  /** port, or its default when it was set to null. */
  public int portOrDefault() {
    return port == null ? DEFAULT_PORT : port;
  }
}
