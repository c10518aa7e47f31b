package io.regionaledge.operator.api;

import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

// Bounds on status are generous: they exist so no future CEL rule is priced at the whole request
// (crd SchemaLintTest), and a status write beyond them would be refused.
public class RegionalEdgeStatus {
  private Long observedGeneration;

  /** The region of the cluster whose operator wrote this status. */
  @Size(max = 64)
  private String region;

  private Integer readyReplicas;
  private Integer desiredReplicas;

  /** "ready/desired", for kubectl's READY column. */
  @Size(max = 16) // "ready/desired", desired at most 100
  private String ready;

  /** Short DNS state for kubectl's DNS column: the DnsSynced condition's reason. */
  @Size(max = 1024) // a condition reason
  private String dns;

  /**
   * Per instance, checker regions seeing it healthy (e.g. "7/8,8/8"), for kubectl's CHECKERS
   * column.
   */
  @Size(max = 4096) // "8/8," per instance, at most 512 instances
  private String checkers;

  @Size(max = 512) // replicas at most 100, plus surge and terminating pods
  private List<InstanceStatus> instances = new ArrayList<>();

  private DnsStatus dnsRecords;
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public Integer getDesiredReplicas() {
    return desiredReplicas;
  }

  public void setDesiredReplicas(Integer desiredReplicas) {
    this.desiredReplicas = desiredReplicas;
  }

  public String getReady() {
    return ready;
  }

  public void setReady(String ready) {
    this.ready = ready;
  }

  public String getDns() {
    return dns;
  }

  public void setDns(String dns) {
    this.dns = dns;
  }

  public String getCheckers() {
    return checkers;
  }

  public void setCheckers(String checkers) {
    this.checkers = checkers;
  }

  public List<InstanceStatus> getInstances() {
    return instances;
  }

  public void setInstances(List<InstanceStatus> instances) {
    this.instances = instances;
  }

  public DnsStatus getDnsRecords() {
    return dnsRecords;
  }

  public void setDnsRecords(DnsStatus dnsRecords) {
    this.dnsRecords = dnsRecords;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
