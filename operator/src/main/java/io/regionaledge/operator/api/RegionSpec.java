package io.regionaledge.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class RegionSpec {
  public static final int DEFAULT_REPLICAS = 2;
  public static final boolean DEFAULT_DRAIN = false;
  public static final String AWS_REGION = "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$";

  @Required
  @Pattern(AWS_REGION)
  @Size(max = 32) // AWS region names are about 15; also a label value (63) and part of record names
  @JsonPropertyDescription(
      "AWS region name, e.g. us-east-1. Also the latency record's SetIdentifier.")
  private String name;

  @Required
  @JsonPropertyDescription("The regional backend: its own hostname is sent as Host and TLS SNI.")
  private BackendSpec backend = new BackendSpec();

  @Min(0)
  @Max(100)
  @Default("" + DEFAULT_REPLICAS)
  @JsonPropertyDescription("Proxy instances in this region.")
  private Integer replicas = DEFAULT_REPLICAS;

  @Default("" + DEFAULT_DRAIN)
  @JsonPropertyDescription(
      "Withdraw this region from the latency set so traffic moves to other regions; pods keep running.")
  private Boolean drain = DEFAULT_DRAIN;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public BackendSpec getBackend() {
    return backend;
  }

  public void setBackend(BackendSpec backend) {
    this.backend = backend;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Boolean getDrain() {
    return drain;
  }

  public void setDrain(Boolean drain) {
    this.drain = drain;
  }

  /** replicas, or its default when it was set to null. */
  public int replicasOrDefault() {
    return replicas == null ? DEFAULT_REPLICAS : replicas;
  }

  /** drain, or its default when it was set to null. */
  public boolean drainOrDefault() {
    return drain == null ? DEFAULT_DRAIN : drain;
  }
}
