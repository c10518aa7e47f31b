package io.regionaledge.operator.api;

import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What this region's operator holds in Route53 for the resource. */
public class DnsStatus {
  @Size(max = 64) // Route53 ids are at most 32, with or without /hostedzone/
  private String hostedZoneId;

  /**
   * Record names this region owns, e.g. fast.example.com (latency, SetIdentifier=region),
   * proxy-us-east-1-fast.example.com.
   */
  @Size(max = 1024) // items bounded in crd.SchemaRules
  private List<String> records = new ArrayList<>();

  @Size(max = 512)
  private List<HealthCheckStatus> healthChecks = new ArrayList<>();

  @Size(max = 64)
  private String lastChangeId;

  /** PENDING or INSYNC, as Route53's GetChange reports the last change. */
  @Size(max = 16)
  private String lastChangeStatus;

  /** The health checks held and what they cost a month, an estimate. */
  private HealthCheckCost cost;

  public HealthCheckCost getCost() {
    return cost;
  }

  public void setCost(HealthCheckCost cost) {
    this.cost = cost;
  }

  public String getHostedZoneId() {
    return hostedZoneId;
  }

  public void setHostedZoneId(String hostedZoneId) {
    this.hostedZoneId = hostedZoneId;
  }

  public List<String> getRecords() {
    return records;
  }

  public void setRecords(List<String> records) {
    this.records = records;
  }

  public List<HealthCheckStatus> getHealthChecks() {
    return healthChecks;
  }

  public void setHealthChecks(List<HealthCheckStatus> healthChecks) {
    this.healthChecks = healthChecks;
  }

  public String getLastChangeId() {
    return lastChangeId;
  }

  public void setLastChangeId(String lastChangeId) {
    this.lastChangeId = lastChangeId;
  }

  public String getLastChangeStatus() {
    return lastChangeStatus;
  }

  public void setLastChangeStatus(String lastChangeStatus) {
    this.lastChangeStatus = lastChangeStatus;
  }

  public static class HealthCheckStatus {
    @Size(max = 253)
    private String instance;

    @Size(max = 64) // a UUID
    private String id;

    @Size(max = 253)
    private String address;

    public HealthCheckStatus() {}

    public HealthCheckStatus(String instance, String id, String address) {
      this.instance = instance;
      this.id = id;
      this.address = address;
    }

    public String getInstance() {
      return instance;
    }

    public void setInstance(String instance) {
      this.instance = instance;
    }

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }
  }
}
