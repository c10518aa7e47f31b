package io.regionaledge.operator.dns;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * A DnsSync that tells /metrics how each sync went, wrapped around the real one by the operator:
 * outcomes by status and reason, and per resource whether its DNS is synced, when it last was, how
 * many Route53 health checks it holds, and how many of its proxies are ready of how many wanted.
 * The reconciler hands every sync the observed instances, so this needs no other hook.
 */
public final class DnsSyncMetrics implements DnsSync, MeterBinder {
  private final DnsSync delegate;
  private final Clock clock;
  private final LabeledCounters outcomes =
      new LabeledCounters(
          "regionaledge.dns.syncs",
          "DNS syncs and cleanups by outcome (the DnsSynced condition's status and reason)",
          "operation",
          "status",
          "reason");
  private final Map<String, Resource> resources = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  public DnsSyncMetrics(DnsSync delegate, Clock clock) {
    this.delegate = delegate;
    this.clock = clock;
  }

  @Override
  public DnsSyncResult sync(RegionalEdge edge, String region, List<InstanceStatus> instances) {
    DnsSyncResult r = delegate.sync(edge, region, instances);
    outcomes.add(1, "sync", r.status(), String.valueOf(r.reason()));
    Resource res = resources.computeIfAbsent(key(edge, region), k -> create(edge, region));
    res.synced = r.synced() ? 1 : 0;
    if (r.synced()) {
      res.lastSuccess = clock.millis() / 1000.0;
    }
    if (r.details() != null) {
      res.healthChecks = r.details().getHealthChecks().size();
    }
    res.ready =
        instances == null
            ? 0
            : instances.stream().filter(i -> Boolean.TRUE.equals(i.getReady())).count();
    res.desired = desired(edge, region, instances);
    return r;
  }

  @Override
  public DnsSyncResult cleanup(RegionalEdge edge, String region) {
    DnsSyncResult r = delegate.cleanup(edge, region);
    outcomes.add(1, "cleanup", r.status(), String.valueOf(r.reason()));
    if (r.synced()) {
      Resource gone = resources.remove(key(edge, region));
      if (gone != null) {
        gone.unregister();
      }
    }
    return r;
  }

  @Override
  public java.util.Optional<String> takeAccountWarning() {
    return delegate.takeAccountWarning();
  }

  /** The region entry's replicas (or their default); with no entry, the instances seen. */
  private static double desired(RegionalEdge edge, String region, List<InstanceStatus> instances) {
    if (edge.getSpec() != null && edge.getSpec().getRegions() != null) {
      for (RegionSpec r : edge.getSpec().getRegions()) {
        if (region.equals(r.getName())) {
          return r.replicasOrDefault();
        }
      }
    }
    return instances == null ? 0 : instances.size();
  }

  private static String key(RegionalEdge edge, String region) {
    return edge.getMetadata().getNamespace() + "/" + edge.getMetadata().getName() + "/" + region;
  }

  private synchronized Resource create(RegionalEdge edge, String region) {
    Resource res =
        new Resource(
            Tags.of(
                "namespace",
                String.valueOf(edge.getMetadata().getNamespace()),
                "name",
                edge.getMetadata().getName(),
                "region",
                region));
    if (registry != null) {
      res.register(registry);
    }
    return res;
  }

  @Override
  public synchronized void bindTo(MeterRegistry meters) {
    registry = meters;
    outcomes.bindTo(meters);
    resources.values().forEach(r -> r.register(meters));
  }

  /** Counts so far, by "operation/status/reason". */
  public Map<String, Long> outcomes() {
    return outcomes.snapshot();
  }

  /** One resource's gauges; the fields are read by the registry at scrape time. */
  private static final class Resource {
    final Tags tags;
    final List<Meter> meters = new ArrayList<>();
    MeterRegistry boundTo;
    volatile double synced;
    volatile double lastSuccess = Double.NaN;
    volatile double healthChecks;
    volatile double ready;
    volatile double desired;

    Resource(Tags tags) {
      this.tags = tags;
    }

    synchronized void register(MeterRegistry registry) {
      meters.clear();
      boundTo = registry;
      gauge(
          registry,
          "regionaledge.dns.synced",
          "1 while the last DNS sync of this resource succeeded",
          r -> r.synced);
      gauge(
          registry,
          "regionaledge.dns.last.success.timestamp.seconds",
          "When a DNS sync of this resource last succeeded (Unix time)",
          r -> r.lastSuccess);
      gauge(
          registry,
          "regionaledge.dns.health.checks",
          "Route53 health checks this resource holds in this region",
          r -> r.healthChecks);
      gauge(
          registry,
          "regionaledge.edge.proxies.ready",
          "Ready proxy instances of this resource in this region",
          r -> r.ready);
      gauge(
          registry,
          "regionaledge.edge.proxies.desired",
          "Proxy instances wanted (spec replicas) in this region",
          r -> r.desired);
    }

    private void gauge(
        MeterRegistry registry, String name, String description, ToDoubleFunction<Resource> f) {
      meters.add(
          Gauge.builder(name, this, f).description(description).tags(tags).register(registry));
    }

    synchronized void unregister() {
      if (boundTo != null) {
        meters.forEach(boundTo::remove);
      }
      meters.clear();
    }
  }
}
