package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.DnsSpec;
import io.regionaledge.operator.api.DnsStatus;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observe (the zone snapshot) -> desired -> plan -> apply, for this region's part of one
 * resource's record tree. Health checks are created before any record refers to them; a check
 * that is no longer bound is listed as retired in the ownership record by the same batch that
 * unbinds it, deleted after that batch, and dropped from the record by the next write. A check
 * whose batch never landed is swept by the process that created it; if that process died first,
 * cleanup finds it by its CallerReference prefix ({@link Target#callerReferencePrefix()}). A
 * converged resource costs no Route53 call at all.
 */
public final class Route53DnsSync implements DnsSync {
  private static final Logger LOG = LoggerFactory.getLogger(Route53DnsSync.class);
  private static final int MAX_ROUNDS = 3;

  private final Route53Api api;
  private final ZoneCache zones;
  private final Settings settings;
  private final Map<String, String> zoneIdsByName = new ConcurrentHashMap<>();
  private final Map<String, Route53Api.ChangeStatus> lastChanges = new ConcurrentHashMap<>();
  /** Checks created for a batch that has not landed yet: deleted if a later batch no longer needs them. */
  private final Map<String, Set<String>> unrecorded = new ConcurrentHashMap<>();

  /** How soon to look again in each situation. */
  public record Settings(Duration pendingRecheck, Duration throttledRetry, Duration errorRetry, Duration conflictRetry) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(2));
    }
  }

  public Route53DnsSync(Route53Api api, ZoneCache zones, Settings settings) {
    this.api = api;
    this.zones = zones;
    this.settings = settings;
  }

  @Override
  public DnsSyncResult sync(RegionalEdge edge, String region, List<InstanceStatus> instances) {
    return run(edge, region, instances, false);
  }

  @Override
  public DnsSyncResult cleanup(RegionalEdge edge, String region) {
    return run(edge, region, List.of(), true);
  }

  private DnsSyncResult run(RegionalEdge edge, String region, List<InstanceStatus> instances, boolean cleanup) {
    Target t;
    try {
      t = Target.of(edge, region, zoneId(edge));
    } catch (IllegalArgumentException bad) {
      return new DnsSyncResult("False", "InvalidSpec", bad.getMessage(), null, null);
    } catch (RuntimeException e) {
      return Failure.toResult(e, settings.throttledRetry(), settings.errorRetry());
    }
    if (!cleanup && !t.inSpec()) {
      return new DnsSyncResult("False", "RegionNotInSpec",
          "region " + region + " is not in spec.regions: its records are removed by cleanup", null, null);
    }
    try {
      return zones.withZone(t.zoneId(), view -> converge(t, view, instances, edge, cleanup));
    } catch (RuntimeException e) {
      LOG.debug("DNS sync of {} in {} failed", t.resource(), region, e);
      DnsSyncResult r = Failure.toResult(e, settings.throttledRetry(), settings.errorRetry());
      return new DnsSyncResult(r.status(), r.reason(), r.message(), null, r.retryAfter());
    }
  }

  private String zoneId(RegionalEdge edge) {
    DnsSpec dns = edge.getSpec() == null ? null : edge.getSpec().getDns();
    if (dns == null || (dns.getHostedZoneId() == null && dns.getHostedZoneName() == null)) {
      throw new IllegalArgumentException("spec.dns.hostedZoneId or spec.dns.hostedZoneName is required");
    }
    if (dns.getHostedZoneId() != null) {
      return SdkRoute53Api.bare(dns.getHostedZoneId());
    }
    return zoneIdsByName.computeIfAbsent(Rrset.normalise(dns.getHostedZoneName()), api::zoneIdByName);
  }

  private DnsSyncResult converge(Target t, ZoneCache.View view, List<InstanceStatus> instances, RegionalEdge edge,
                                 boolean cleanup) {
    String key = t.resource() + "|" + t.region();
    Route53Api.ChangeStatus written = null;
    int changes = 0;
    DesiredRecords.Desired desired = null;
    Ownership own = null;
    List<String> stuck = List.of();
    boolean converged = false;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      own = Ownership.observe(t, view.records());
      if (!own.conflicts().isEmpty()) {
        if (cleanup) {
          // nothing here is ours to remove
          return new DnsSyncResult("True", "Synced", "nothing of " + t.resource() + " in " + t.region()
              + " to remove (records at its names belong to someone else)", null, null);
        }
        return conflict(t, own.conflicts());
      }
      if (cleanup && own.registry() == null) {
        converged = true;
        break;
      }
      Registry reg = own.registry() != null ? own.registry() : Registry.empty(t.resource(), t.uid(), t.region());
      stuck = deleteChecks(reg.retired());
      desired = cleanup ? new DesiredRecords.Desired(List.of(), false, "cleanup", List.of())
          : DesiredRecords.slots(t, instances, own.registry(), own.foreignSlots());
      desired = withChecks(t, desired, reg.serial(), unrecorded.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()));
      Set<String> bound = desired.slots().stream().map(DesiredRecords.Slot::checkId).collect(Collectors.toSet());
      List<String> retired = new ArrayList<>(stuck);
      reg.entries().stream().map(Registry.Entry::checkId).filter(id -> id != null && !bound.contains(id)).forEach(retired::add);
      Registry next = reg.withFacts(desired.slots().stream()
          .map(s -> new Registry.Entry(s.n(), s.address(), s.checkId(), s.check().digest())).toList(), retired, t.uid());
      if (!next.sameFacts(reg) || own.registry() == null) {
        next = next.nextSerial();
      } else {
        next = reg;
      }
      List<Rrset> records = new ArrayList<>(DesiredRecords.records(t, desired));
      if (!cleanup || !next.entries().isEmpty() || !next.retired().isEmpty()) {
        records.add(next.toRecord(t.registryName(), t.ttl()));
      }
      DnsPlan plan = DnsPlan.diff(own.owned(), records);
      if (plan.isEmpty()) {
        converged = true;
        break;
      }
      for (List<Change> batch : plan.batches()) {
        try {
          written = api.changeRecords(t.zoneId(), batch, "regionaledge " + t.resource() + " " + t.region());
        } catch (RuntimeException e) {
          view.invalidate();
          throw e;
        }
        view.applied(batch);
        changes += batch.size();
        LOG.info("Route53 {} {}: {} changes, change {} {}", t.resource(), t.region(), batch.size(), written.id(),
            written.status());
      }
    }
    stuck = new ArrayList<>(stuck);
    stuck.addAll(sweepUnrecorded(key, t, view));
    if (cleanup) {
      lastChanges.remove(key);
      if (!converged) {
        return new DnsSyncResult("False", "Error", "records of " + t.resource() + " in " + t.region()
            + " not all removed yet", null, settings.errorRetry());
      }
      List<String> swept = new ArrayList<>();
      stuck.addAll(sweepByCallerReference(t, swept));
      if (!stuck.isEmpty()) {
        return new DnsSyncResult("False", "Error", "health checks not deleted yet: " + stuck, null, settings.errorRetry());
      }
      unrecorded.remove(key);
      return new DnsSyncResult("True", "Synced", changes == 0 && swept.isEmpty() ? "nothing left in Route53"
          : "removed " + changes + " record changes and the health checks of " + t.region()
          + (swept.isEmpty() ? "" : " (" + swept.size() + " found by CallerReference)"), null, null);
    }
    Route53Api.ChangeStatus last = written != null ? written : lastChange(key, edge);
    if (written == null && last != null && !last.inSync()) {
      try {
        last = api.changeStatus(last.id());
      } catch (RuntimeException e) {
        if (!Failure.isCode(e, "NoSuchChange")) {
          throw e;
        }
        // Route53 forgets old changes; one it no longer knows has long been applied
        last = new Route53Api.ChangeStatus(last.id(), "INSYNC");
      }
    }
    if (last != null) {
      lastChanges.put(key, last);
    }
    DnsStatus details = details(t, desired, last, instances);
    StringBuilder msg = new StringBuilder();
    msg.append(desired.slots().stream().filter(DesiredRecords.Slot::ready).count()).append(" of ")
        .append(desired.slots().size()).append(" instances in the weighted set");
    if (desired.note() != null) msg.append("; ").append(desired.note());
    if (!desired.skipped().isEmpty()) msg.append("; skipped ").append(String.join(", ", desired.skipped()));
    if (!stuck.isEmpty()) msg.append("; health checks not deleted yet: ").append(stuck);
    if (last != null && !last.inSync()) {
      return new DnsSyncResult("False", "Pending", (changes > 0 ? "applied " + changes + " changes; " : "")
          + "change " + last.id() + " is " + last.status() + "; " + msg, details, settings.pendingRecheck());
    }
    return new DnsSyncResult("True", "Synced", msg.toString(), details, stuck.isEmpty() ? null : settings.errorRetry());
  }

  private DesiredRecords.Desired withChecks(Target t, DesiredRecords.Desired d, long serial, Set<String> created) {
    List<DesiredRecords.Slot> slots = new ArrayList<>();
    for (DesiredRecords.Slot s : d.slots()) {
      if (s.checkId() != null) {
        slots.add(s);
      } else {
        String id = createCheck(t, s, serial);
        created.add(id);
        slots.add(s.withCheckId(id));
      }
    }
    return new DesiredRecords.Desired(slots, d.latency(), d.note(), d.skipped());
  }

  private String createCheck(Target t, DesiredRecords.Slot s, long serial) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 4; attempt++) {
      try {
        String id = api.createHealthCheck(t.callerReference(s.address(), serial, attempt), s.check());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", t.instanceName(s.n()));
        tags.put("regionaledge/resource", t.resource());
        tags.put("regionaledge/region", t.region());
        tags.put("regionaledge/instance", t.instanceName(s.n()));
        api.tagHealthCheck(id, tags);
        LOG.info("Route53 {} {}: health check {} for {}", t.resource(), t.region(), id, s.address());
        return id;
      } catch (RuntimeException e) {
        // the CallerReference of a deleted check can never be used again: take the next one
        if (!Failure.isCode(e, "HealthCheckAlreadyExists")) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  /**
   * Checks this process created whose batch never landed and that the ownership record does not
   * list now (the instance went away meanwhile): no record can refer to them, so they go.
   */
  private List<String> sweepUnrecorded(String key, Target t, ZoneCache.View view) {
    Set<String> mine = unrecorded.get(key);
    if (mine == null || mine.isEmpty()) {
      return List.of();
    }
    Registry reg = Ownership.observe(t, view.records()).registry();
    Set<String> listed = new java.util.HashSet<>();
    if (reg != null) {
      reg.entries().forEach(e -> listed.add(e.checkId()));
      listed.addAll(reg.retired());
    }
    mine.removeAll(listed);
    List<String> orphans = List.copyOf(mine);
    List<String> stuck = deleteChecks(orphans);
    mine.removeAll(orphans);
    mine.addAll(stuck);
    if (!orphans.isEmpty()) {
      LOG.info("Route53 {} {}: deleted health checks created for a batch that never landed: {}", t.resource(),
          t.region(), orphans);
    }
    return stuck;
  }

  /**
   * Cleanup only, once this region's records are gone: deletes every check whose CallerReference
   * carries this resource+region's prefix, including checks created for a batch that never landed
   * by a process that died before it could sweep them (no record and no ownership record ever named
   * them). One ListHealthChecks listing (all pages) per cleanup; never on the sync path. Adds the
   * deleted ids to {@code deleted}; returns the ones that could not be deleted.
   */
  private List<String> sweepByCallerReference(Target t, List<String> deleted) {
    String prefix = t.callerReferencePrefix();
    List<String> ours = api.listHealthChecks().stream()
        .filter(h -> h.callerReference() != null && h.callerReference().startsWith(prefix))
        .map(Route53Api.HealthCheckRef::id).toList();
    if (ours.isEmpty()) {
      return List.of();
    }
    List<String> stuck = deleteChecks(ours);
    ours.stream().filter(id -> !stuck.contains(id)).forEach(deleted::add);
    if (!deleted.isEmpty()) {
      LOG.info("Route53 {} {}: deleted health checks found by CallerReference {}: {}", t.resource(), t.region(),
          prefix, deleted);
    }
    return stuck;
  }

  /** Deletes checks no record refers to any more; returns the ones that could not be deleted. */
  private List<String> deleteChecks(List<String> ids) {
    List<String> stuck = new ArrayList<>();
    for (String id : ids) {
      try {
        api.deleteHealthCheck(id);
      } catch (RuntimeException e) {
        if (Failure.isCode(e, "HealthCheckInUse")) {
          LOG.warn("health check {} is still in use by a record we do not own; kept", id);
          stuck.add(id);
        } else {
          throw e;
        }
      }
    }
    return stuck;
  }

  private Route53Api.ChangeStatus lastChange(String key, RegionalEdge edge) {
    Route53Api.ChangeStatus known = lastChanges.get(key);
    if (known != null) {
      return known;
    }
    var st = edge.getStatus() == null ? null : edge.getStatus().getDnsRecords();
    if (st != null && st.getLastChangeId() != null) {
      return new Route53Api.ChangeStatus(st.getLastChangeId(), st.getLastChangeStatus());
    }
    return null;
  }

  private DnsSyncResult conflict(Target t, List<Rrset> conflicts) {
    String names = conflicts.stream().limit(5).map(r -> r.key().toString())
        .collect(Collectors.joining("; "));
    return new DnsSyncResult("False", "Conflict", "records at names " + t.region() + " needs are owned by someone else: "
        + names + (conflicts.size() > 5 ? " and " + (conflicts.size() - 5) + " more" : "")
        + "; nothing was changed", null, settings.conflictRetry());
  }

  private static DnsStatus details(Target t, DesiredRecords.Desired d, Route53Api.ChangeStatus last,
                                   List<InstanceStatus> instances) {
    DnsStatus s = new DnsStatus();
    s.setHostedZoneId(t.zoneId());
    Set<String> names = new TreeSet<>();
    for (Rrset r : DesiredRecords.records(t, d)) {
      names.add(r.name());
    }
    names.add(t.registryName());
    s.setRecords(new ArrayList<>(names));
    for (DesiredRecords.Slot slot : d.slots()) {
      s.getHealthChecks().add(new DnsStatus.HealthCheckStatus(t.instanceName(slot.n()), slot.checkId(), slot.address()));
      if (instances != null) {
        instances.stream().filter(i -> slot.address().equals(i.getPublicAddress()))
            .forEach(i -> i.setRecordName(t.instanceName(slot.n())));
      }
    }
    if (last != null) {
      s.setLastChangeId(last.id());
      s.setLastChangeStatus(last.status());
    }
    return s;
  }
}
