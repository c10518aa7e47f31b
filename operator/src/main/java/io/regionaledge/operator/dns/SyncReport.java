package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.DnsStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The DnsSynced outcome of a sync or cleanup, built purely from what the flow did. */
final class SyncReport {
  private SyncReport() {}

  /**
   * @param stuck retired checks not deleted yet
   * @param last the resource's last change as Route53 sees it (null: none ever made)
   * @param quotaUsage the account's health-check usage, when some instance was left out at the
   *     quota
   */
  static DnsSyncResult synced(
      Target t,
      SyncFlow.Outcome o,
      List<String> stuck,
      Route53Api.ChangeStatus last,
      String quotaUsage,
      Route53DnsSync.Settings settings) {
    DesiredRecords.Desired desired = o.desired();
    DnsStatus details = details(t, desired, last);
    StringBuilder msg = new StringBuilder(weightedSummary(desired));
    if (desired.note() != null) msg.append("; ").append(desired.note());
    if (!desired.skipped().isEmpty())
      msg.append("; skipped ").append(String.join(", ", desired.skipped()));
    if (!stuck.isEmpty()) msg.append("; health checks not deleted yet: ").append(stuck);
    if (!o.overQuota().isEmpty()) {
      return new DnsSyncResult(
          "False",
          "QuotaExceeded",
          quotaMessage(o.overQuota(), quotaUsage) + "; " + msg,
          details,
          Duration.ofMinutes(5));
    }
    AdoptionStep.Status adoption = o.adoption();
    if (!adoption.deferred().isEmpty()) {
      return new DnsSyncResult(
          "False",
          "Pending",
          (o.changes() > 0 ? "applied " + o.changes() + " changes; " : "")
              + "taking over a hand-built tree: "
              + adoption.deferred().size()
              + " old record(s) at names nothing points "
              + "to any more are deleted once resolvers' caches have expired; "
              + msg,
          details,
          max(adoption.retryAfter(), Duration.ofMillis(200)));
    }
    if (last != null && !last.inSync()) {
      return new DnsSyncResult(
          "False",
          "Pending",
          (o.changes() > 0 ? "applied " + o.changes() + " changes; " : "")
              + "change "
              + last.id()
              + " is "
              + last.status()
              + "; "
              + msg,
          details,
          settings.pendingRecheck());
    }
    return new DnsSyncResult(
        "True", "Synced", msg.toString(), details, stuck.isEmpty() ? null : settings.errorRetry());
  }

  private static Duration max(Duration a, Duration b) {
    return a == null || b.compareTo(a) > 0 ? b : a;
  }

  static DnsSyncResult adoptionRefused(Target t, List<String> refusals, Duration retry) {
    return new DnsSyncResult(
        "False",
        "Conflict",
        "spec.dns.adopt: the hand-built tree of "
            + t.region()
            + " for "
            + t.hostname()
            + " cannot be taken over: "
            + String.join("; ", refusals.stream().limit(5).toList())
            + (refusals.size() > 5 ? " and " + (refusals.size() - 5) + " more" : "")
            + "; nothing was changed (see docs/adoption.md)",
        null,
        retry);
  }

  static DnsSyncResult waitingToAdopt(Target t, DesiredRecords.Desired desired, Duration retry) {
    return new DnsSyncResult(
        "False",
        "Pending",
        "spec.dns.adopt: waiting for a ready instance in "
            + t.region()
            + " before taking over the hand-built tree (it keeps serving meanwhile); "
            + desired.note()
            + (desired.skipped().isEmpty()
                ? ""
                : "; skipped " + String.join(", ", desired.skipped())),
        null,
        retry);
  }

  static String weightedSummary(DesiredRecords.Desired d) {
    return d.summary();
  }

  static DnsSyncResult conflict(Target t, List<Rrset> conflicts, Duration retry) {
    return new DnsSyncResult(
        "False",
        "Conflict",
        "records at names "
            + t.region()
            + " needs are owned by someone else: "
            + names(conflicts)
            + "; nothing was changed",
        null,
        retry);
  }

  static String names(List<Rrset> records) {
    String listed =
        records.stream().limit(5).map(r -> r.key().toString()).collect(Collectors.joining("; "));
    return listed + (records.size() > 5 ? " and " + (records.size() - 5) + " more" : "");
  }

  static DnsSyncResult nothingOfOurs(Target t) {
    return new DnsSyncResult(
        "True",
        "Synced",
        "nothing of "
            + t.resource()
            + " in "
            + t.region()
            + " to remove (records at its names belong to someone else)",
        null,
        null);
  }

  static DnsSyncResult notAllRemoved(Target t, Duration retry) {
    return new DnsSyncResult(
        "False",
        "Error",
        "records of " + t.resource() + " in " + t.region() + " not all removed yet",
        null,
        retry);
  }

  static DnsSyncResult checksNotDeleted(List<String> stuck, Duration retry) {
    return new DnsSyncResult(
        "False", "Error", "health checks not deleted yet: " + stuck, null, retry);
  }

  static DnsSyncResult cleaned(Target t, int changes, List<String> swept) {
    return new DnsSyncResult(
        "True",
        "Synced",
        changes == 0 && swept.isEmpty()
            ? "nothing left in Route53"
            : "removed "
                + changes
                + " record changes and the health checks of "
                + t.region()
                + (swept.isEmpty() ? "" : " (" + swept.size() + " found by CallerReference)"),
        null,
        null);
  }

  static String quotaMessage(List<String> addresses, String usage) {
    return "Route53 health-check quota reached (TooManyHealthChecks): "
        + addresses.size()
        + " instance(s) not published yet: "
        + String.join(", ", addresses)
        + "; "
        + usage
        + "; raise the quota in Service Quotas (us-east-1)";
  }

  /** What --dry-run reports: the plan's summary; nothing was written. */
  static DnsSyncResult dryRun(SyncPlan plan) {
    if (!plan.conflicts().isEmpty()) {
      return new DnsSyncResult(
          "False",
          "Conflict",
          "dry run: records at names "
              + plan.target().region()
              + " needs are owned by someone else: "
              + names(plan.conflicts())
              + "; a sync would change nothing",
          null,
          null);
    }
    AdoptionStep.Status adoption = plan.outcome().adoption();
    if (!adoption.refusals().isEmpty()) {
      DnsSyncResult r = adoptionRefused(plan.target(), adoption.refusals(), null);
      return new DnsSyncResult("False", "Conflict", "dry run: " + r.message(), null, null);
    }
    if (adoption.waiting()) {
      return new DnsSyncResult(
          "False",
          "DryRun",
          "dry run: " + waitingToAdopt(plan.target(), plan.desired(), null).message(),
          null,
          null);
    }
    if (plan.isEmpty()) {
      return new DnsSyncResult(
          "True",
          "Synced",
          "dry run: the zone already holds the desired tree; " + weightedSummary(plan.desired()),
          null,
          null);
    }
    return new DnsSyncResult(
        "False", "DryRun", "dry run, nothing written: a sync would " + plan.summary(), null, null);
  }

  static DnsStatus details(Target t, DesiredRecords.Desired d, Route53Api.ChangeStatus last) {
    DnsStatus s = new DnsStatus();
    s.setHostedZoneId(t.zoneId());
    Set<String> names = new TreeSet<>();
    for (Rrset r : DesiredRecords.records(t, d)) {
      names.add(r.name());
    }
    names.add(t.registryName());
    s.setRecords(new ArrayList<>(names));
    for (DesiredRecords.Slot slot : d.slots()) {
      s.getHealthChecks()
          .add(
              new DnsStatus.HealthCheckStatus(
                  t.instanceName(slot.n()), slot.checkId(), slot.address()));
    }
    if (last != null) {
      s.setLastChangeId(last.id());
      s.setLastChangeStatus(last.status());
    }
    return s;
  }
}
