package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A flow's writes counted instead of made: the zone is a private copy that each planned batch is
 * folded into, new checks get placeholder ids, and every call a sync would make is counted by
 * Route53 action. Reads still go to Route53 (the fresh look at a name), as a sync's would.
 */
final class PlannedEffects implements DnsEffects {
  /** Placeholder id of a check a sync would create for an address. */
  static final String NEW_CHECK = "new-check-for-";

  private final Route53Api api;
  private final String zoneId;
  private final Map<Rrset.Key, Rrset> zone = new LinkedHashMap<>();
  private final Map<String, Long> calls = new TreeMap<>();
  private final List<String> created = new ArrayList<>();

  PlannedEffects(Route53Api api, String zoneId, List<Rrset> records) {
    this.api = api;
    this.zoneId = zoneId;
    records.forEach(r -> zone.put(r.key(), r));
  }

  @Override
  public List<Rrset> records() {
    return new ArrayList<>(zone.values());
  }

  @Override
  public List<Rrset> freshAt(String name) {
    List<Rrset> fresh = api.recordsNamed(zoneId, name);
    count("ListResourceRecordSets", 1);
    zone.keySet().removeIf(k -> k.name().equals(name));
    fresh.forEach(r -> zone.put(r.key(), r));
    return fresh;
  }

  @Override
  public void relist() {
    // only ever before the first write: nothing planned is folded into the copy yet
    List<Rrset> fresh = api.listRecords(zoneId);
    count("ListResourceRecordSets", 1);
    zone.clear();
    fresh.forEach(r -> zone.put(r.key(), r));
  }

  @Override
  public Route53Api.ObservedCheck healthCheck(String id) {
    count("GetHealthCheck", 1);
    return api.healthCheck(id);
  }

  @Override
  public HealthCheckPlan.Outcome applyChecks(
      Target t, HealthCheckPlan plan, DesiredRecords.Desired desired, long serial) {
    count("DeleteHealthCheck", plan.delete().size());
    count("UpdateHealthCheck", plan.update().size());
    // a check is created, then tagged (Route53 cannot tag at creation)
    count("CreateHealthCheck", plan.create().size());
    count("ChangeTagsForResource", plan.create().size());
    List<DesiredRecords.Slot> slots = new ArrayList<>();
    for (DesiredRecords.Slot s : desired.slots()) {
      if (s.checkId() == null) {
        created.add(s.address());
        slots.add(s.withCheckId(NEW_CHECK + s.address()));
      } else {
        slots.add(s.withCheckId(s.checkId()));
      }
    }
    return new HealthCheckPlan.Outcome(
        HealthChecks.withSlots(desired, slots), List.of(), List.of());
  }

  @Override
  public Route53Api.ChangeStatus applyRecords(Target t, List<Change> changes) {
    count(
        "ChangeResourceRecordSets",
        new DnsPlan(changes).batches(ZoneBatcher.MAX_RECORDS, ZoneBatcher.MAX_CHARS).size());
    for (Change c : changes) {
      if (c.action() == Change.Action.DELETE) {
        zone.remove(c.record().key());
      } else {
        zone.put(c.record().key(), c.record());
      }
    }
    return new Route53Api.ChangeStatus("planned", "PENDING");
  }

  private void count(String action, long n) {
    if (n > 0) {
      calls.merge(action, n, Long::sum);
    }
  }

  /** The writes (and fresh looks) a sync would make, by Route53 action. */
  Map<String, Long> calls() {
    return new TreeMap<>(calls);
  }
}
