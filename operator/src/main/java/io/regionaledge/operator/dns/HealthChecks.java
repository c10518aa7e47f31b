package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health-check calls of one resource+region: create (with a CallerReference never used before),
 * update in place, delete, and the cleanup sweep by CallerReference prefix.
 */
final class HealthChecks {
  private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
  private final Route53Api api;

  HealthChecks(Route53Api api) {
    this.api = api;
  }

  /**
   * Applies a round's plan: deletes the retired checks, then gives every slot its check (created,
   * or updated in place). At the account's health-check quota (TooManyHealthChecks) the instances
   * without a check are left out and named; the others are published. The ids created are added to
   * {@code created}, so a batch that never lands does not leak them.
   */
  HealthCheckPlan.Outcome apply(
      Target t, HealthCheckPlan plan, DesiredRecords.Desired d, long serial, Set<String> created) {
    List<String> stuck = delete(plan.delete());
    List<String> overQuota = new ArrayList<>();
    List<DesiredRecords.Slot> slots = new ArrayList<>();
    for (DesiredRecords.Slot s : d.slots()) {
      if (s.checkId() != null) {
        if (s.outdated()) {
          update(t, s);
        }
        slots.add(s.withCheckId(s.checkId()));
      } else if (!overQuota.isEmpty()) {
        overQuota.add(s.address());
      } else {
        try {
          String id = create(t, s, serial);
          created.add(id);
          slots.add(s.withCheckId(id));
        } catch (RuntimeException e) {
          if (!Failure.isCode(e, "TooManyHealthChecks")) {
            throw e;
          }
          overQuota.add(s.address());
        }
      }
    }
    return new HealthCheckPlan.Outcome(withSlots(d, slots), stuck, overQuota);
  }

  /**
   * The desired state once some slots are left out: the latency record needs a member to point at.
   */
  static DesiredRecords.Desired withSlots(
      DesiredRecords.Desired d, List<DesiredRecords.Slot> slots) {
    return d.withCheckedSlots(slots);
  }

  /**
   * A new check for the slot. The reference is deterministic (a restart before the batch lands
   * finds the same check), and on HealthCheckAlreadyExists (the reference of a deleted check, which
   * Route53 refuses for days) the next attempt suffix is taken: never reused.
   */
  String create(Target t, DesiredRecords.Slot s, long serial) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 4; attempt++) {
      try {
        String id =
            api.createHealthCheck(t.callerReference(s.address(), serial, attempt), s.check());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", t.instanceName(s.n()));
        tags.put("regionaledge/resource", t.resource());
        tags.put("regionaledge/region", t.region());
        tags.put("regionaledge/instance", t.instanceName(s.n()));
        api.tagHealthCheck(id, tags);
        LOG.info(
            "Route53 {} {}: health check {} for {}", t.resource(), t.region(), id, s.address());
        return id;
      } catch (RuntimeException e) {
        if (!Failure.isCode(e, "HealthCheckAlreadyExists")) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  /** One UpdateHealthCheck: the check keeps its id, its records and its health history. */
  void update(Target t, DesiredRecords.Slot s) {
    api.updateHealthCheck(s.checkId(), s.check());
    LOG.info(
        "Route53 {} {}: health check {} of {} updated in place",
        t.resource(),
        t.region(),
        s.checkId(),
        s.address());
  }

  /** Deletes checks no record refers to any more; returns the ones that could not be deleted. */
  List<String> delete(List<String> ids) {
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

  /**
   * Cleanup only, once this region's records are gone: deletes every check whose CallerReference
   * carries this resource+region's prefix, including checks created for a batch that never landed
   * by a process that died before it could sweep them. One ListHealthChecks listing (all pages);
   * never on the sync path. Adds the deleted ids to {@code deleted}; returns those not deleted.
   */
  List<String> sweepByCallerReference(Target t, List<String> deleted) {
    String prefix = t.callerReferencePrefix();
    List<String> ours =
        api.listHealthChecks().stream()
            .filter(h -> h.callerReference() != null && h.callerReference().startsWith(prefix))
            .map(Route53Api.HealthCheckRef::id)
            .toList();
    if (ours.isEmpty()) {
      return List.of();
    }
    List<String> stuck = delete(ours);
    ours.stream().filter(id -> !stuck.contains(id)).forEach(deleted::add);
    if (!deleted.isEmpty()) {
      LOG.info(
          "Route53 {} {}: deleted health checks found by CallerReference {}: {}",
          t.resource(),
          t.region(),
          prefix,
          deleted);
    }
    return stuck;
  }
}
