package io.regionaledge.operator.api;

import io.fabric8.generator.annotation.Size;

/** One proxy pod of this region, as the DNS tree sees it. */
public class InstanceStatus {
  @Size(max = 253) // object names: DNS-1123 subdomains
  private String pod;

  @Size(max = 253)
  private String node;

  /**
   * Address users reach this instance at: the node's ExternalIP (HostPort) or the load balancer's.
   */
  @Size(max = 253)
  private String publicAddress;

  private Boolean ready;

  /** The stable per-instance record name, proxy<N>-<region>-<hostname>. Set by the DNS sync. */
  @Size(max = 253)
  private String recordName;

  /**
   * Route53 checker regions that see this instance healthy, of those reporting, e.g. 6/8
   * (GetHealthCheckStatus, cached).
   */
  @Size(max = 16)
  private String checkersHealthy;

  /**
   * The first failing checker region's report, e.g. "sa-east-1: Failure: Connection timed out.
   * ..."; unset while all succeed.
   */
  @Size(max = 1024)
  private String lastFailureReason;

  public InstanceStatus() {}

  public InstanceStatus(String pod, String node, String publicAddress, boolean ready) {
    this.pod = pod;
    this.node = node;
    this.publicAddress = publicAddress;
    this.ready = ready;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getPublicAddress() {
    return publicAddress;
  }

  public void setPublicAddress(String publicAddress) {
    this.publicAddress = publicAddress;
  }

  public Boolean getReady() {
    return ready;
  }

  public void setReady(Boolean ready) {
    this.ready = ready;
  }

  public String getRecordName() {
    return recordName;
  }

  public void setRecordName(String recordName) {
    this.recordName = recordName;
  }

  public String getCheckersHealthy() {
    return checkersHealthy;
  }

  public void setCheckersHealthy(String checkersHealthy) {
    this.checkersHealthy = checkersHealthy;
  }

  public String getLastFailureReason() {
    return lastFailureReason;
  }

  public void setLastFailureReason(String lastFailureReason) {
    this.lastFailureReason = lastFailureReason;
  }
}
