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
  private final HealthChecks checks;
  private final RequestBudget budget;
  private final PublicAddresses addresses;
  /** Regions of each resource seen, for this operator's share of the account's buckets. */
  private final Map<String, Integer> regionsByResource = new ConcurrentHashMap<>();
  private final Map<String, String> zoneIdsByName = new ConcurrentHashMap<>();
  private final Map<String, Route53Api.ChangeStatus> lastChanges = new ConcurrentHashMap<>();
  /** Checks created for a batch that has not landed yet: deleted if a later batch no longer needs them. */
  private final Map<String, Set<String>> unrecorded = new ConcurrentHashMap<>();
  private volatile AdoptionWaits waits = new AdoptionWaits(java.time.Clock.systemUTC(), 1.0);

  /** How soon to look again in each situation. */
  public record Settings(Duration pendingRecheck, Duration throttledRetry, Duration errorRetry, Duration conflictRetry) {
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(2));
    }
  }

  /** Route53's public addresses only, no budget sharing. */
  public Route53DnsSync(Route53Api api, ZoneCache zones, Settings settings) {
    this(api, zones, settings, null, PublicAddresses.route53());
  }

  /**
   * @param budget    shared by this operator's client; told how many regions the largest resource
   *                  has, so this operator takes its share of the account (null: never shared)
   * @param addresses which instance addresses Route53 can health-check
   */
  public Route53DnsSync(Route53Api api, ZoneCache zones, Settings settings, RequestBudget budget,
                        PublicAddresses addresses) {
    this.api = api;
    this.zones = zones;
    this.settings = settings;
    this.checks = new HealthChecks(api);
    this.budget = budget;
    this.addresses = addresses;
  }

  /** Scales the wait before an adopted tree's old names are deleted (tests whose clients scale TTLs). */
  public Route53DnsSync withAdoptionTimeScale(double scale) {
    this.waits = new AdoptionWaits(java.time.Clock.systemUTC(), scale);
    return this;
  }

  @Override
  public DnsSyncResult sync(RegionalEdge edge, String region, List<InstanceStatus> instances) {
    share(edge, false);
    return run(edge, region, instances, false);
  }

  @Override
  public DnsSyncResult cleanup(RegionalEdge edge, String region) {
    DnsSyncResult r = run(edge, region, List.of(), true);
    if (r.synced() && edge.getMetadata() != null && edge.getMetadata().getDeletionTimestamp() != null) {
      share(edge, true);
    }
    return r;
  }

  /** One operator per region shares the account: take 1/(regions of the largest resource) of it. */
  private void share(RegionalEdge edge, boolean gone) {
    if (budget == null || edge.getMetadata() == null) {
      return;
    }
    String key = edge.getMetadata().getNamespace() + "/" + edge.getMetadata().getName();
    int regions = edge.getSpec() == null || edge.getSpec().getRegions() == null ? 1 : edge.getSpec().getRegions().size();
    if (gone) {
      regionsByResource.remove(key);
    } else {
      regionsByResource.put(key, Math.max(1, regions));
    }
    budget.shareAmong(regionsByResource.values().stream().mapToInt(Integer::intValue).max().orElse(1));
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
    List<String> overQuota = new ArrayList<>();
    AdoptionWaits.Deferral deferral = null;
    boolean relisted = false;
    for (int round = 0; round < MAX_ROUNDS + (relisted ? 1 : 0); round++) {
      own = Ownership.observe(t, view.records());
      Adoption.Found found = Adoption.recognise(t, view.records(), own.registry(), !cleanup && adopts(edge));
      if (!found.refusals().isEmpty() && !cleanup) {
        return adoptionRefused(t, found, own);
      }
      own = Adoption.takeOver(t, own, found);
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
      stuck = checks.delete(reg.retired());
      desired = cleanup ? new DesiredRecords.Desired(List.of(), false, "cleanup", List.of())
          : desired(t, instances, own, view);
      overQuota.clear();
      if (!found.isEmpty() && !cleanup && (!desired.latency() || desired.fallback())
          && found.records().stream().anyMatch(r -> r.name().equals(t.latencyName()))) {
        // taking over now would withdraw a tree that serves (or put unready instances in its place,
        // failing open): wait until one of ours is ready instead
        return new DnsSyncResult("False", "Pending", "spec.dns.adopt: waiting for a ready instance in " + t.region()
            + " before taking over the hand-built tree (it keeps serving meanwhile); " + desired.note()
            + (desired.skipped().isEmpty() ? "" : "; skipped " + String.join(", ", desired.skipped())), null,
            settings.errorRetry());
      }
      if (!found.isEmpty() && !cleanup && desired.slots().stream().anyMatch(s -> s.checkId() == null)) {
        desired = Adoption.reuse(desired, found.checkIds().stream().map(api::healthCheck)
            .filter(java.util.Objects::nonNull).toList());
      }
      desired = withChecks(t, desired, reg.serial(), unrecorded.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()),
          overQuota);
      List<Rrset> shaped = AdoptionBatches.shape(t, DesiredRecords.records(t, desired),
          !cleanup && AdoptionBatches.cnameAtTop(t, view.records(), found.keys()));
      deferral = cleanup || found.isEmpty() ? null
          : waits.deferred(key, AdoptionBatches.abandoned(found, shaped), view.records(), waits.waitFor(maxTtl(t, found)));
      Set<String> bound = desired.slots().stream().map(DesiredRecords.Slot::checkId).collect(Collectors.toSet());
      List<String> retired = new ArrayList<>(stuck);
      reg.entries().stream().map(Registry.Entry::checkId).filter(id -> id != null && !bound.contains(id)).forEach(retired::add);
      List<Rrset.Key> stillAdopted = List.of();
      if (!found.isEmpty()) {
        Set<Rrset.Key> waiting = deferral == null ? Set.of() : deferral.keys();
        stillAdopted = found.keys().stream().filter(waiting::contains).toList();
        retired.addAll(unboundAdoptedChecks(found, shaped, own, waiting, bound));
      }
      Registry next = reg.withFacts(desired.slots().stream()
          .map(s -> new Registry.Entry(s.n(), s.address(), s.checkId(), s.check().digest(), s.check().fixedDigest()))
          .toList(), retired, t.uid()).withAdopted(stillAdopted);
      if (!next.sameFacts(reg) || own.registry() == null) {
        next = next.nextSerial();
      } else {
        next = reg;
      }
      List<Rrset> records = new ArrayList<>(shaped);
      if (!cleanup || !next.entries().isEmpty() || !next.retired().isEmpty()) {
        records.add(next.toRecord(t.registryName(), t.ttl()));
      }
      DnsPlan plan = DnsPlan.diff(own.owned(), records);
      if (plan.isEmpty()) {
        converged = true;
        break;
      }
      List<List<Change>> batches = found.isEmpty() ? plan.batches()
          : AdoptionBatches.order(plan, view.records(), deferral == null ? Set.of() : deferral.keys(), t);
      if (batches.isEmpty()) {
        converged = true;
        break;
      }
      if (!relisted && own.registry() == null && !cleanup && adopts(edge)) {
        // the first write claims the names: decide it on a fresh listing, not on a snapshot that
        // may predate the hand-built records (it is kept current only by our own writes)
        relisted = true;
        view.invalidate();
        continue;
      }
      for (List<Change> batch : batches) {
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
      stuck.addAll(checks.sweepByCallerReference(t, swept));
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
    msg.append(desired.fallback() ? desired.slots().size()
            : desired.slots().stream().filter(DesiredRecords.Slot::ready).count()).append(" of ")
        .append(desired.slots().size()).append(" instances in the weighted set");
    if (desired.note() != null) msg.append("; ").append(desired.note());
    if (!desired.skipped().isEmpty()) msg.append("; skipped ").append(String.join(", ", desired.skipped()));
    if (!stuck.isEmpty()) msg.append("; health checks not deleted yet: ").append(stuck);
    if (!overQuota.isEmpty()) {
      return new DnsSyncResult("False", "QuotaExceeded", quotaMessage(overQuota) + "; " + msg, details,
          Duration.ofMinutes(5));
    }
    if (deferral != null && !deferral.keys().isEmpty()) {
      return new DnsSyncResult("False", "Pending", (changes > 0 ? "applied " + changes + " changes; " : "")
          + "taking over a hand-built tree: " + deferral.keys().size() + " old record(s) at names nothing points "
          + "to any more are deleted once resolvers' caches have expired; " + msg, details,
          max(deferral.retryAfter(), Duration.ofMillis(200)));
    }
    if (last != null && !last.inSync()) {
      return new DnsSyncResult("False", "Pending", (changes > 0 ? "applied " + changes + " changes; " : "")
          + "change " + last.id() + " is " + last.status() + "; " + msg, details, settings.pendingRecheck());
    }
    return new DnsSyncResult("True", "Synced", msg.toString(), details, stuck.isEmpty() ? null : settings.errorRetry());
  }

  /**
   * The desired slots. Our latency record may be withdrawn (nothing ready, or drained) only while
   * another region's answers for the name. The zone snapshot holds other regions' records as they
   * were up to a resync period ago, so while that decision matters and our record exists, it is
   * made on a fresh look at the name (one short listing; never for a region with a ready instance).
   */
  private DesiredRecords.Desired desired(Target t, List<InstanceStatus> instances, Ownership own, ZoneCache.View view) {
    DesiredRecords.Desired d = DesiredRecords.slots(t, instances, own.registry(), own.foreignSlots(), addresses,
        othersServe(t, view.records()));
    boolean decides = t.drain() || d.slots().stream().noneMatch(DesiredRecords.Slot::ready);
    if (decides && (own.owned().containsKey(new Rrset.Key(t.latencyName(), "A", t.region()))
        || own.owned().containsKey(new Rrset.Key(t.latencyName(), "CNAME", t.region())))) {
      List<Rrset> fresh = api.recordsNamed(t.zoneId(), t.latencyName());
      view.replaceAt(t.latencyName(), fresh);
      boolean othersServe = othersServe(t, fresh);
      d = DesiredRecords.slots(t, instances, own.registry(), own.foreignSlots(), addresses, othersServe);
    }
    return d;
  }

  private static boolean othersServe(Target t, List<Rrset> records) {
    // A, or CNAME where the latency set at the name is CNAME-typed (an adopted hand-built tree)
    return records.stream().anyMatch(r -> r.name().equals(t.latencyName()) && Set.of("A", "CNAME").contains(r.type())
        && r.region() != null && !r.region().equals(t.region()));
  }

  private static boolean adopts(RegionalEdge edge) {
    DnsSpec dns = edge.getSpec() == null ? null : edge.getSpec().getDns();
    return dns != null && Boolean.TRUE.equals(dns.getAdopt());
  }

  private static long maxTtl(Target t, Adoption.Found found) {
    return Math.max(t.ttl(), found.records().stream().filter(r -> r.ttl() != null).mapToLong(Rrset::ttl).max().orElse(0));
  }

  private static Duration max(Duration a, Duration b) {
    return a == null || b.compareTo(a) > 0 ? b : a;
  }

  /**
   * Checks of the hand-built tree that no record refers to once this round's changes land (the
   * new records, and the old ones kept for now): retired, so deleted by the next round.
   */
  private static List<String> unboundAdoptedChecks(Adoption.Found found, List<Rrset> desired, Ownership own,
                                                   Set<Rrset.Key> waiting, Set<String> bound) {
    Set<Rrset.Key> wanted = desired.stream().map(Rrset::key).collect(Collectors.toSet());
    Set<String> stillUsed = new java.util.HashSet<>(bound);
    desired.forEach(r -> { if (r.healthCheckId() != null) stillUsed.add(r.healthCheckId()); });
    for (Rrset r : own.owned().values()) {
      if (!wanted.contains(r.key()) && waiting.contains(r.key()) && r.healthCheckId() != null) {
        stillUsed.add(r.healthCheckId());
      }
    }
    return found.checkIds().stream().filter(id -> !stillUsed.contains(id)).toList();
  }

  private DnsSyncResult adoptionRefused(Target t, Adoption.Found found, Ownership own) {
    return new DnsSyncResult("False", "Conflict", "spec.dns.adopt: the hand-built tree of " + t.region() + " for "
        + t.hostname() + " cannot be taken over: " + String.join("; ", found.refusals().stream().limit(5).toList())
        + (found.refusals().size() > 5 ? " and " + (found.refusals().size() - 5) + " more" : "")
        + "; nothing was changed (see docs/adoption.md)", null, settings.conflictRetry());
  }

  /**
   * Gives every slot its check. At the account's health-check quota (TooManyHealthChecks) the
   * instances without a check are left out and named in {@code overQuota}; the others are published.
   */
  private DesiredRecords.Desired withChecks(Target t, DesiredRecords.Desired d, long serial, Set<String> created,
                                            List<String> overQuota) {
    List<DesiredRecords.Slot> slots = new ArrayList<>();
    for (DesiredRecords.Slot s : d.slots()) {
      if (s.checkId() == null) {
        if (!overQuota.isEmpty()) {
          overQuota.add(s.address());
          continue;
        }
        try {
          String id = checks.create(t, s, serial);
          created.add(id);
          slots.add(s.withCheckId(id));
        } catch (RuntimeException e) {
          if (!Failure.isCode(e, "TooManyHealthChecks")) {
            throw e;
          }
          overQuota.add(s.address());
        }
      } else {
        if (s.outdated()) {
          checks.update(t, s);
        }
        slots.add(s.withCheckId(s.checkId()));
      }
    }
    boolean latency = d.latency() && (slots.stream().anyMatch(DesiredRecords.Slot::ready) || d.fallback() && !slots.isEmpty());
    return new DesiredRecords.Desired(slots, latency, d.note(), d.skipped(), d.fallback());
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
    List<String> stuck = checks.delete(orphans);
    mine.removeAll(orphans);
    mine.addAll(stuck);
    if (!orphans.isEmpty()) {
      LOG.info("Route53 {} {}: deleted health checks created for a batch that never landed: {}", t.resource(),
          t.region(), orphans);
    }
    return stuck;
  }

  private String quotaMessage(List<String> addresses) {
    String usage;
    try {
      Route53Api.HealthCheckQuota q = api.healthCheckQuota();
      usage = q.used() + " of " + q.limit() + " health checks of the account in use";
    } catch (RuntimeException e) {
      usage = "health-check usage unknown (" + e.getMessage() + ")";
    }
    return "Route53 health-check quota reached (TooManyHealthChecks): " + addresses.size()
        + " instance(s) not published yet: " + String.join(", ", addresses) + "; " + usage
        + "; raise the quota in Service Quotas (us-east-1)";
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
