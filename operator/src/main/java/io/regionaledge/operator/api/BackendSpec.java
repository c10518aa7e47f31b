package io.regionaledge.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class BackendSpec {
  public static final int DEFAULT_PORT = 443;

  @Required
  @Pattern(RegionalEdgeSpec.DNS_NAME)
  @Size(max = 253) // a DNS name
  @JsonPropertyDescription(
      "Regional backend hostname, e.g. us-east-1-fast.example.com (an API Gateway custom domain).")
  private String host;

  @Min(1)
  @Max(65535)
  @Default("" + DEFAULT_PORT)
  private Integer port = DEFAULT_PORT;

  @Pattern("^(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}$")
  @Size(max = 259) // a 253-character host, ':' and five digits
  @JsonPropertyDescription(
      "Optional HOST:PORT to connect to instead of resolving host (Host, SNI and verification still use host).")
  private String address;

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  /** port, or its default when it was set to null. */
  public int portOrDefault() {
    return port == null ? DEFAULT_PORT : port;
  }
}
