package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.DnsSpec;
import io.regionaledge.operator.api.DnsStatus;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.exposure.Exposure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This region's part of one resource's record tree in Route53, as two flows: {@link SyncFlow}
 * (observe -> desired -> plan -> apply, in rounds) and {@link CleanupFlow}. Health checks are
 * created before any record refers to them; a check that is no longer bound is listed as retired in
 * the ownership record by the same batch that unbinds it, deleted after that batch, and dropped
 * from the record by the next write. A check whose batch never landed is swept by the process that
 * created it; if that process died first, cleanup finds it by its CallerReference prefix ({@link
 * Target#callerReferencePrefix()}). Record changes of all resources in a zone go out together
 * ({@link ZoneBatcher}); a converged resource costs no Route53 call at all. With {@code dryRun} the
 * same flow runs against a copy of the zone and nothing is written.
 */
public final class Route53DnsSync implements DnsSync {
  private static final Logger LOG = LoggerFactory.getLogger(Route53DnsSync.class);

  private final Route53Api api;
  private final ZoneCache zones;
  private final Settings settings;
  private final HealthChecks checks;
  private final RequestBudget budget;
  private final PublicAddresses addresses;
  private final ZoneBatcher batcher;
  private final ChangeTracker changes;
  private final boolean dryRun;

  /** Regions of each resource seen, for this operator's share of the account's buckets. */
  private final Map<String, Integer> regionsByResource = new ConcurrentHashMap<>();

  private final Map<String, String> zoneIdsByName = new ConcurrentHashMap<>();
  private final UnrecordedChecks unrecorded;
  private volatile Route53Watch watch;
  private volatile AdoptionWaits waits = new AdoptionWaits(java.time.Clock.systemUTC(), 1.0);
  private volatile double adoptionTimeScale = 1.0;

  /**
   * How soon to look again in each situation, and how long the first change for a zone waits for
   * other resources' changes to share its batch.
   */
  public record Settings(
      Duration pendingRecheck,
      Duration throttledRetry,
      Duration errorRetry,
      Duration conflictRetry,
      Duration batchWindow) {
    public Settings(
        Duration pendingRecheck,
        Duration throttledRetry,
        Duration errorRetry,
        Duration conflictRetry) {
      this(pendingRecheck, throttledRetry, errorRetry, conflictRetry, Duration.ZERO);
    }

    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofMillis(100));
    }

    public Settings withBatchWindow(Duration window) {
      return new Settings(pendingRecheck, throttledRetry, errorRetry, conflictRetry, window);
    }
  }

  /** Route53's public addresses only, no budget sharing. */
  public Route53DnsSync(Route53Api api, ZoneCache zones, Settings settings) {
    this(api, zones, settings, null, PublicAddresses.route53(), false);
  }

  /** Writing to Route53 (no dry run). */
  public Route53DnsSync(
      Route53Api api,
      ZoneCache zones,
      Settings settings,
      RequestBudget budget,
      PublicAddresses addresses) {
    this(api, zones, settings, budget, addresses, false);
  }

  /**
   * @param budget shared by this operator's client; told how many regions the largest resource has,
   *     so this operator takes its share of the account (null: never shared)
   * @param addresses which instance addresses Route53 can health-check
   * @param dryRun observe and plan, report the plan, write nothing
   */
  public Route53DnsSync(
      Route53Api api,
      ZoneCache zones,
      Settings settings,
      RequestBudget budget,
      PublicAddresses addresses,
      boolean dryRun) {
    this.api = api;
    this.zones = zones;
    this.settings = settings;
    this.checks = new HealthChecks(api);
    this.unrecorded = new UnrecordedChecks(checks);
    this.budget = budget;
    this.addresses = addresses;
    this.batcher = new ZoneBatcher(api, zones, settings.batchWindow(), Duration.ofMinutes(2));
    this.changes = new ChangeTracker(api, Duration.ofMillis(500));
    this.dryRun = dryRun;
  }

  /**
   * Route53's own view (checker status, quota) and the checks' cost added to each sync's result.
   */
  public Route53DnsSync withWatch(Route53Watch w) {
    this.watch = w;
    return this;
  }

  /** The watch given by {@link #withWatch}, or null. */
  public Route53Watch watch() {
    return watch;
  }

  @Override
  public java.util.Optional<String> takeAccountWarning() {
    return watch == null ? java.util.Optional.empty() : watch.takeAccountWarning();
  }

  /**
   * Scales the wait before an adopted tree's old names are deleted (tests whose clients scale
   * TTLs).
   */
  public Route53DnsSync withAdoptionTimeScale(double scale) {
    this.waits = new AdoptionWaits(java.time.Clock.systemUTC(), scale);
    this.adoptionTimeScale = scale;
    return this;
  }

  @Override
  public DnsSyncResult sync(RegionalEdge edge, String region, List<InstanceStatus> instances) {
    share(edge, false);
    DnsSyncResult r = runSync(edge, region, instances);
    return watch == null ? r : watch.observe(edge, region, instances, r);
  }

  private DnsSyncResult runSync(RegionalEdge edge, String region, List<InstanceStatus> instances) {
    Target t;
    try {
      t = Target.of(edge, region, zoneId(edge));
    } catch (IllegalArgumentException bad) {
      return new DnsSyncResult("False", "InvalidSpec", bad.getMessage(), null, null);
    } catch (RuntimeException e) {
      return Failure.toResult(e, settings.throttledRetry(), settings.errorRetry());
    }
    if (!t.inSpec()) {
      return new DnsSyncResult(
          "False",
          "RegionNotInSpec",
          "region " + region + " is not in spec.regions: its records are removed by cleanup",
          null,
          null);
    }
    try {
      if (dryRun) {
        // the writes only: whether the zone's snapshot was listed just now must not change the
        // message
        return SyncReport.dryRun(
            plan(t, Exposure.of(edge).recordTree(), instances, null, adopts(edge)));
      }
      String key = key(t);
      SyncFlow.Outcome o =
          SyncFlow.run(
              t,
              Exposure.of(edge).recordTree(),
              instances,
              addresses,
              live(t, key),
              new AdoptionStep(adopts(edge), waits, key));
      if (!o.conflicts().isEmpty()) {
        return SyncReport.conflict(t, o.conflicts(), settings.conflictRetry());
      }
      if (!o.adoption().refusals().isEmpty()) {
        return SyncReport.adoptionRefused(t, o.adoption().refusals(), settings.conflictRetry());
      }
      if (o.adoption().waiting()) {
        return SyncReport.waitingToAdopt(t, o.desired(), settings.errorRetry());
      }
      List<String> stuck = new ArrayList<>(o.stuck());
      stuck.addAll(
          unrecorded.sweep(key, t, () -> zones.withZone(t.zoneId(), ZoneCache.View::records)));
      if (o.written() != null) {
        changes.wrote(key, o.written());
      }
      Route53Api.ChangeStatus last = changes.current(key, recorded(edge));
      nameInstances(t, o.desired(), instances);
      return SyncReport.synced(
          t, o, stuck, last, o.overQuota().isEmpty() ? null : quotaUsage(), settings);
    } catch (RuntimeException e) {
      return failed(t, e);
    }
  }

  @Override
  public DnsSyncResult cleanup(RegionalEdge edge, String region) {
    DnsSyncResult r = runCleanup(edge, region);
    if (r.synced() && watch != null) {
      watch.forget(edge, region);
    }
    if (r.synced()
        && edge.getMetadata() != null
        && edge.getMetadata().getDeletionTimestamp() != null) {
      share(edge, true);
    }
    return r;
  }

  private DnsSyncResult runCleanup(RegionalEdge edge, String region) {
    Target t;
    try {
      t = Target.of(edge, region, zoneId(edge));
    } catch (IllegalArgumentException bad) {
      return new DnsSyncResult("False", "InvalidSpec", bad.getMessage(), null, null);
    } catch (RuntimeException e) {
      return Failure.toResult(e, settings.throttledRetry(), settings.errorRetry());
    }
    try {
      String key = key(t);
      if (dryRun) {
        // never block a deletion on records a dry run never wrote
        PlannedEffects fx =
            new PlannedEffects(
                api, t.zoneId(), zones.withZone(t.zoneId(), ZoneCache.View::records));
        CleanupFlow.Outcome o = CleanupFlow.run(t, fx);
        return new DnsSyncResult(
            "True",
            "DryRun",
            "dry run, nothing removed: a cleanup would make "
                + o.changes()
                + " record changes and "
                + fx.calls().getOrDefault("DeleteHealthCheck", 0L)
                + " health-check deletions",
            null,
            null);
      }
      CleanupFlow.Outcome o = CleanupFlow.run(t, live(t, key));
      if (o.foreign()) {
        return SyncReport.nothingOfOurs(t);
      }
      List<String> stuck = new ArrayList<>(o.stuck());
      stuck.addAll(
          unrecorded.sweep(key, t, () -> zones.withZone(t.zoneId(), ZoneCache.View::records)));
      changes.forget(key);
      if (!o.converged()) {
        return SyncReport.notAllRemoved(t, settings.errorRetry());
      }
      List<String> swept = new ArrayList<>();
      stuck.addAll(checks.sweepByCallerReference(t, swept));
      if (!stuck.isEmpty()) {
        return SyncReport.checksNotDeleted(stuck, settings.errorRetry());
      }
      unrecorded.forget(key);
      return SyncReport.cleaned(t, o.changes(), swept);
    } catch (RuntimeException e) {
      return failed(t, e);
    }
  }

  /**
   * What a sync would do now, without writing: the same flow against a copy of the zone. The calls
   * are those of a freshly started operator: the zone's listing (as many pages as it takes), the
   * writes, and one GetChange once they are INSYNC (more while Route53 says PENDING).
   */
  public SyncPlan plan(RegionalEdge edge, String region, List<InstanceStatus> instances) {
    Map<String, Long> before = calls();
    Target t = Target.of(edge, region, zoneId(edge));
    if (t.uid() == null) {
      // a manifest has no uid: the live ownership record knows the resource's, a new one gets it at
      // creation
      Registry live =
          Ownership.observe(t, zones.withZone(t.zoneId(), ZoneCache.View::records)).registry();
      edge.getMetadata().setUid(live != null ? live.uid() : "<uid>");
      t = Target.of(edge, region, t.zoneId());
    }
    return plan(t, Exposure.of(edge).recordTree(), instances, before, adopts(edge));
  }

  /**
   * @param before the budget's counts before the zone was looked up: the reading's calls are the
   *     difference (null: count the writes only)
   */
  private SyncPlan plan(
      Target t,
      RecordTree tree,
      List<InstanceStatus> instances,
      Map<String, Long> before,
      boolean adopt) {
    List<Rrset> zone = zones.withZone(t.zoneId(), ZoneCache.View::records);
    Map<String, Long> calls = new TreeMap<>();
    if (before != null) {
      calls()
          .forEach(
              (k, v) -> {
                if (v > before.getOrDefault(k, 0L)) calls.put(k, v - before.getOrDefault(k, 0L));
              });
    }
    PlannedEffects fx = new PlannedEffects(api, t.zoneId(), zone);
    // a fresh operator's waits: every old record of a take-over is still to be waited for
    SyncFlow.Outcome o =
        SyncFlow.run(
            t,
            tree,
            instances,
            addresses,
            fx,
            new AdoptionStep(
                adopt, new AdoptionWaits(java.time.Clock.systemUTC(), adoptionTimeScale), key(t)));
    fx.calls().forEach((k, v) -> calls.merge(k, v, Long::sum));
    if (calls.containsKey("ChangeResourceRecordSets")) {
      calls.merge("GetChange", 1L, Long::sum);
    }
    long tokens =
        CallTime.changeTokens(
            o.rounds().stream().flatMap(r -> r.records().changes().stream()).toList());
    Route53Limits limits = budget == null ? Route53Limits.route53() : budget.limits();
    return new SyncPlan(
        t,
        o,
        calls,
        CallTime.estimate(calls, tokens, limits, budget == null ? 1 : budget.sharedBy()));
  }

  private Map<String, Long> calls() {
    return budget == null ? Map.of() : budget.calls();
  }

  /** One operator per region shares the account: take 1/(regions of the largest resource) of it. */
  private void share(RegionalEdge edge, boolean gone) {
    if (budget == null || edge.getMetadata() == null) {
      return;
    }
    String key = edge.getMetadata().getNamespace() + "/" + edge.getMetadata().getName();
    int regions =
        edge.getSpec() == null || edge.getSpec().getRegions() == null
            ? 1
            : edge.getSpec().getRegions().size();
    if (gone) {
      regionsByResource.remove(key);
    } else {
      regionsByResource.put(key, Math.max(1, regions));
    }
    budget.shareAmong(
        regionsByResource.values().stream().mapToInt(Integer::intValue).max().orElse(1));
  }

  private static boolean adopts(RegionalEdge edge) {
    DnsSpec dns = edge.getSpec() == null ? null : edge.getSpec().getDns();
    return dns != null && Boolean.TRUE.equals(dns.getAdopt());
  }

  private static String key(Target t) {
    return t.resource() + "|" + t.region();
  }

  private LiveEffects live(Target t, String key) {
    return new LiveEffects(api, zones, checks, batcher, t.zoneId(), unrecorded.of(key));
  }

  private DnsSyncResult failed(Target t, RuntimeException e) {
    LOG.debug("DNS sync of {} in {} failed", t.resource(), t.region(), e);
    DnsSyncResult r = Failure.toResult(e, settings.throttledRetry(), settings.errorRetry());
    return new DnsSyncResult(r.status(), r.reason(), r.message(), null, r.retryAfter());
  }

  private String zoneId(RegionalEdge edge) {
    DnsSpec dns = edge.getSpec() == null ? null : edge.getSpec().getDns();
    if (dns == null || (dns.getHostedZoneId() == null && dns.getHostedZoneName() == null)) {
      throw new IllegalArgumentException(
          "spec.dns.hostedZoneId or spec.dns.hostedZoneName is required");
    }
    if (dns.getHostedZoneId() != null) {
      return SdkRoute53Api.bare(dns.getHostedZoneId());
    }
    return zoneIdsByName.computeIfAbsent(
        Rrset.normalise(dns.getHostedZoneName()), api::zoneIdByName);
  }

  private static DnsStatus recorded(RegionalEdge edge) {
    return edge.getStatus() == null ? null : edge.getStatus().getDnsRecords();
  }

  /** Each observed instance learns the name of its record. */
  private static void nameInstances(
      Target t, DesiredRecords.Desired d, List<InstanceStatus> instances) {
    if (instances == null) {
      return;
    }
    for (DesiredRecords.Slot slot : d.slots()) {
      instances.stream()
          .filter(i -> slot.address().equals(i.getPublicAddress()))
          .forEach(i -> i.setRecordName(t.instanceName(slot.n())));
    }
  }

  private String quotaUsage() {
    try {
      Route53Api.HealthCheckQuota q =
          watch != null ? watch.quota().current() : api.healthCheckQuota();
      return q.used() + " of " + q.limit() + " health checks of the account in use";
    } catch (RuntimeException e) {
      return "health-check usage unknown (" + e.getMessage() + ")";
    }
  }
}
