package io.regionaledge.operator;

import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.dns.DnsSync;
import io.regionaledge.operator.dns.DnsSyncResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for Route53 in the operator tests: remembers what the reconciler asked for. */
public class RecordingDnsSync implements DnsSync {
  /** Per resource name, the instances of the latest sync. */
  public final Map<String, List<InstanceStatus>> lastSync = new ConcurrentHashMap<>();

  /** "namespace/name" of every resource a sync was asked for. */
  public final List<String> synced = new CopyOnWriteArrayList<>();

  /** "region/name" of each cleanup call. */
  public final List<String> cleanups = new CopyOnWriteArrayList<>();

  @Override
  public DnsSyncResult sync(RegionalEdge edge, String region, List<InstanceStatus> instances) {
    lastSync.put(edge.getMetadata().getName(), List.copyOf(instances));
    synced.add(edge.getMetadata().getNamespace() + "/" + edge.getMetadata().getName());
    long ready = instances.stream().filter(i -> Boolean.TRUE.equals(i.getReady())).count();
    return new DnsSyncResult("True", "Synced", ready + " instance(s) in DNS", null, null);
  }

  @Override
  public DnsSyncResult cleanup(RegionalEdge edge, String region) {
    cleanups.add(region + "/" + edge.getMetadata().getName());
    return DnsSyncResult.done();
  }
}
