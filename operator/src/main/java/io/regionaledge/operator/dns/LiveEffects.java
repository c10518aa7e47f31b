package io.regionaledge.operator.dns;

import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flow's reads and writes against Route53: the zone through the shared snapshot, checks through
 * {@link HealthChecks}, records through the zone's {@link ZoneBatcher} (coalesced with other
 * resources' changes). Checks it creates are remembered in {@code created} until a batch lands.
 */
final class LiveEffects implements DnsEffects {
  private static final Logger LOG = LoggerFactory.getLogger(LiveEffects.class);
  private final Route53Api api;
  private final ZoneCache zones;
  private final HealthChecks checks;
  private final ZoneBatcher batcher;
  private final String zoneId;
  private final Set<String> created;

  LiveEffects(
      Route53Api api,
      ZoneCache zones,
      HealthChecks checks,
      ZoneBatcher batcher,
      String zoneId,
      Set<String> created) {
    this.api = api;
    this.zones = zones;
    this.checks = checks;
    this.batcher = batcher;
    this.zoneId = zoneId;
    this.created = created;
  }

  @Override
  public List<Rrset> records() {
    return zones.withZone(zoneId, ZoneCache.View::records);
  }

  @Override
  public List<Rrset> freshAt(String name) {
    List<Rrset> fresh = api.recordsNamed(zoneId, name);
    zones.withZone(
        zoneId,
        v -> {
          v.replaceAt(name, fresh);
          return null;
        });
    return fresh;
  }

  @Override
  public void relist() {
    zones.withZone(
        zoneId,
        v -> {
          v.invalidate();
          return null;
        });
  }

  @Override
  public Route53Api.ObservedCheck healthCheck(String id) {
    return api.healthCheck(id);
  }

  @Override
  public HealthCheckPlan.Outcome applyChecks(
      Target t, HealthCheckPlan plan, DesiredRecords.Desired desired, long serial) {
    return checks.apply(t, plan, desired, serial, created);
  }

  @Override
  public Route53Api.ChangeStatus applyRecords(Target t, List<Change> changes) {
    Route53Api.ChangeStatus written =
        batcher.write(zoneId, t.resource() + " " + t.region(), changes);
    // logged here, on the resource's own reconcile thread (its MDC), whoever sent the batch
    LOG.info(
        "Route53 {} {}: {} changes, change {} {}",
        t.resource(),
        t.region(),
        changes.size(),
        written.id(),
        written.status());
    return written;
  }
}
