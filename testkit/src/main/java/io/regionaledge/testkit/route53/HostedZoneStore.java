package io.regionaledge.testkit.route53;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Hosted zones with their record sets and tags. It shares one lock with the health checks (records
 * refer to checks, and a check in use cannot be deleted), so every batch is atomic against both.
 */
final class HostedZoneStore {
  private static final List<String> NAME_SERVERS =
      List.of(
          "ns-101.awsdns-12.com.",
          "ns-1002.awsdns-61.net.",
          "ns-1505.awsdns-60.org.",
          "ns-1890.awsdns-44.co.uk.");

  /** One page of ListResourceRecordSets; {@code next} is the first key not returned, or null. */
  record RecordPage(List<RecordSet> records, RecordSet.Key next, int maxItems) {}

  /** One page of a marker-paged listing. */
  record Page<T>(List<T> items, String nextMarker, int maxItems) {}

  private final Object lock;
  private final ChangeStore changes;
  private final AccountLimits limits;
  private final AliasTargets aliasTargets;

  /** The load balancers alias targets may name (the resolver answers them with their addresses). */
  final LoadBalancers loadBalancers;

  private Predicate<String> healthCheckExists = id -> false;

  private final Map<String, HostedZone> zones = new LinkedHashMap<>();
  private final Map<String, TreeMap<RecordSet.Key, RecordSet>> records = new HashMap<>();
  private final Map<String, Map<String, String>> tags = new HashMap<>();
  private final Set<String> callerReferences = new HashSet<>();

  HostedZoneStore(
      Object lock, ChangeStore changes, AccountLimits limits, AliasTargets aliasTargets) {
    this.lock = lock;
    this.changes = changes;
    this.limits = limits;
    this.aliasTargets = aliasTargets;
    this.loadBalancers = aliasTargets.loadBalancers;
  }

  /** Wired once by the account: whether a HealthCheckId in a change names an existing check. */
  void healthChecks(Predicate<String> exists) {
    this.healthCheckExists = exists;
  }

  // ---------------------------------------------------------------- zones

  HostedZone create(String name, String callerReference, String comment) {
    synchronized (lock) {
      if (name == null || name.isBlank())
        throw ApiException.invalidInput("Invalid parameter: Name is required");
      if (callerReference == null || callerReference.isBlank()) {
        throw ApiException.invalidInput("Invalid parameter: CallerReference is required");
      }
      if (callerReferences.contains(callerReference)) {
        throw new ApiException(
            409,
            "HostedZoneAlreadyExists",
            "A hosted zone has already been created with the specified caller reference.");
      }
      // botocore TooManyHostedZones; the quota is MAX_HOSTED_ZONES_BY_OWNER (GetAccountLimit)
      if (zones.size() >= limits.hostedZones()) {
        throw new ApiException(
            400,
            "TooManyHostedZones",
            "This operation can't be completed because the "
                + "current account has reached the limit on the number of hosted zones ("
                + limits.hostedZones()
                + ").");
      }
      callerReferences.add(callerReference);
      String n = DnsNames.normalize(name);
      HostedZone zone = new HostedZone(changes.newId("Z", 20), n, callerReference, comment);
      zones.put(zone.id(), zone);
      TreeMap<RecordSet.Key, RecordSet> rs = new TreeMap<>(DnsNames.KEY_ORDER);
      RecordSet ns = new RecordSet(n, "NS", null, null, null, 172800L, NAME_SERVERS, null, null);
      RecordSet soa =
          new RecordSet(
              n,
              "SOA",
              null,
              null,
              null,
              900L,
              List.of(
                  NAME_SERVERS.get(0) + " awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"),
              null,
              null);
      rs.put(ns.key(), ns);
      rs.put(soa.key(), soa);
      records.put(zone.id(), rs);
      return zone;
    }
  }

  HostedZone zone(String id) {
    synchronized (lock) {
      HostedZone z = zones.get(ChangeStore.bareId(id, "/hostedzone/"));
      if (z == null) throw ApiException.noSuchHostedZone(id);
      return z;
    }
  }

  boolean hasZone(String id) {
    synchronized (lock) {
      return zones.containsKey(ChangeStore.bareId(id, "/hostedzone/"));
    }
  }

  int recordCount(String zoneId) {
    synchronized (lock) {
      return records.get(zone(zoneId).id()).size();
    }
  }

  List<HostedZone> zones() {
    synchronized (lock) {
      return List.copyOf(zones.values());
    }
  }

  Page<HostedZone> list(String marker, int maxItems) {
    synchronized (lock) {
      return page(
          new ArrayList<>(zones.values()), HostedZone::id, marker, maxItems, "a hosted zone id");
    }
  }

  /** Zones ordered by reversed-label name then id, starting at (dnsName, zoneId). */
  Page<HostedZone> listByName(String dnsName, String zoneId, int maxItems) {
    synchronized (lock) {
      List<HostedZone> all = new ArrayList<>(zones.values());
      all.sort(
          Comparator.comparing(HostedZone::name, DnsNames.ORDER).thenComparing(HostedZone::id));
      int start = 0;
      if (dnsName != null) {
        String n = DnsNames.normalize(dnsName);
        while (start < all.size()
            && (DnsNames.ORDER.compare(all.get(start).name(), n) < 0
                || (zoneId != null
                    && all.get(start).name().equals(n)
                    && all.get(start).id().compareTo(zoneId) < 0))) {
          start++;
        }
      }
      int end = Math.min(all.size(), start + maxItems);
      return new Page<>(
          all.subList(start, end), end < all.size() ? all.get(end).id() : null, maxItems);
    }
  }

  ChangeInfo delete(String id) {
    synchronized (lock) {
      HostedZone z = zone(id);
      boolean onlyApex =
          records.get(z.id()).values().stream()
              .allMatch(
                  r ->
                      r.name().equals(z.name())
                          && (r.type().equals("SOA") || r.type().equals("NS")));
      if (!onlyApex) {
        throw new ApiException(
            400,
            "HostedZoneNotEmpty",
            "The specified hosted zone contains non-required resource record sets and so cannot be deleted.");
      }
      zones.remove(z.id());
      records.remove(z.id());
      tags.remove(z.id());
      return changes.newChange(null);
    }
  }

  // ---------------------------------------------------------------- record sets

  ZoneSnapshot snapshot(String zoneId) {
    synchronized (lock) {
      HostedZone z = zone(zoneId);
      return new ZoneSnapshot(z, List.copyOf(records.get(z.id()).values()));
    }
  }

  RecordPage listRecords(String zoneId, String name, String type, String identifier, int maxItems) {
    synchronized (lock) {
      HostedZone z = zone(zoneId);
      if (type != null && name == null)
        throw ApiException.invalidInput("The input is not valid: type requires name");
      if (identifier != null && type == null) {
        throw ApiException.invalidInput(
            "The input is not valid: identifier requires name and type");
      }
      NavigableMap<RecordSet.Key, RecordSet> view = records.get(z.id());
      if (name != null) {
        // Keys sort type then identifier with null first, so an empty type starts at the name.
        view =
            view.tailMap(
                new RecordSet.Key(DnsNames.normalize(name), type == null ? "" : type, identifier),
                true);
      }
      List<RecordSet> page = new ArrayList<>();
      RecordSet.Key next = null;
      for (Map.Entry<RecordSet.Key, RecordSet> e : view.entrySet()) {
        if (page.size() == maxItems) {
          next = e.getKey();
          break;
        }
        page.add(e.getValue());
      }
      return new RecordPage(page, next, maxItems);
    }
  }

  /** Applies a batch all-or-nothing with Route53's validation ({@link ChangeBatch}). */
  ChangeInfo change(String zoneId, List<Change> batch, String comment) {
    synchronized (lock) {
      HostedZone z = zone(zoneId);
      records.put(
          z.id(),
          ChangeBatch.apply(
              z,
              records.get(z.id()),
              batch,
              new ChangeBatch.Context() {
                @Override
                public String aliasProblem(
                    HostedZone zone, NavigableMap<RecordSet.Key, RecordSet> work, RecordSet a) {
                  return aliasTargets.check(zone, work, a, records::containsKey);
                }

                @Override
                public boolean healthCheckExists(String id) {
                  return healthCheckExists.test(id);
                }
              }));
      return changes.newChange(comment);
    }
  }

  static List<RecordSet> membersOf(
      NavigableMap<RecordSet.Key, RecordSet> map, String name, String type) {
    return List.copyOf(
        map.subMap(
                new RecordSet.Key(name, type, null),
                true,
                new RecordSet.Key(name, type + "\0", null),
                false)
            .values());
  }

  static Set<RecordSet.Key> keysAt(NavigableMap<RecordSet.Key, RecordSet> map, String name) {
    return map.subMap(
            new RecordSet.Key(name, "", null), true, new RecordSet.Key(name, "\uffff", null), false)
        .keySet();
  }

  List<RecordSet> members(String zoneId, String name, String type) {
    synchronized (lock) {
      TreeMap<RecordSet.Key, RecordSet> m = records.get(zoneId);
      return m == null ? List.of() : membersOf(m, DnsNames.normalize(name), type);
    }
  }

  /** Whether any record type is present at a name, to tell NODATA from NXDOMAIN. */
  boolean nameExists(String zoneId, String name) {
    synchronized (lock) {
      TreeMap<RecordSet.Key, RecordSet> m = records.get(zoneId);
      return m != null && !keysAt(m, DnsNames.normalize(name)).isEmpty();
    }
  }

  /** A record referring to the health check, as "record in hosted zone Z", if any. */
  Optional<String> referrer(String healthCheckId) {
    synchronized (lock) {
      for (Map.Entry<String, TreeMap<RecordSet.Key, RecordSet>> z : records.entrySet()) {
        for (RecordSet r : z.getValue().values()) {
          if (healthCheckId.equals(r.healthCheckId())) {
            return Optional.of("resource record set " + r.key() + " in hosted zone " + z.getKey());
          }
        }
      }
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- tags

  void changeTags(String id, Map<String, String> add, List<String> removeKeys) {
    synchronized (lock) {
      String zoneId = zone(id).id();
      tags.put(zoneId, Tags.changed(tags.getOrDefault(zoneId, Map.of()), add, removeKeys));
    }
  }

  Map<String, String> tags(String id) {
    synchronized (lock) {
      return tags.getOrDefault(zone(id).id(), Map.of());
    }
  }

  static <T> Page<T> page(
      List<T> all,
      java.util.function.Function<T, String> id,
      String marker,
      int maxItems,
      String what) {
    int start = 0;
    if (marker != null) {
      start = -1;
      for (int i = 0; i < all.size(); i++) if (id.apply(all.get(i)).equals(marker)) start = i;
      if (start < 0)
        throw ApiException.invalidInput("Invalid parameter: marker " + marker + " is not " + what);
    }
    int end = Math.min(all.size(), start + maxItems);
    return new Page<>(
        List.copyOf(all.subList(start, end)),
        end < all.size() ? id.apply(all.get(end)) : null,
        maxItems);
  }
}
