package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recognises a hand-built tree of RegionalEdge's shape for one hostname and region (the seed's: a
 * latency record for the region at the hostname -> a weighted set -> per-instance records with
 * health checks; each level plain or alias, A or CNAME, any naming) and says what of it is taken
 * over, as a pure function of the zone. Only {@code spec.dns.adopt: true} asks for it; records
 * taken over are listed in the ownership record until they are gone, so a restarted operator keeps
 * finishing the move. What cannot be taken over is named in {@link Found#refusals()}, and the sync
 * stops with Conflict as it does without adopt (see docs/adoption.md for why).
 *
 * @see AdoptionBatches for the order of the move
 */
public final class Adoption {

  /**
   * @param records the hand-built records taken over (top, weighted members, instance records)
   * @param checkIds the health checks those records are bound to
   * @param refusals why some record at our names cannot be taken over; non-empty: nothing is
   */
  public record Found(List<Rrset> records, Set<String> checkIds, List<String> refusals) {
    public boolean isEmpty() {
      return records.isEmpty();
    }

    public Set<Rrset.Key> keys() {
      Set<Rrset.Key> k = new LinkedHashSet<>();
      records.forEach(r -> k.add(r.key()));
      return k;
    }
  }

  private Adoption() {}

  /**
   * What of {@code zone} is this region's hand-built tree. Records the ownership record lists as
   * adopted are included as long as they exist (even once adopt is turned off: they are ours); with
   * {@code adopt}, a latency record for this region at the hostname that is not ours starts a new
   * take-over, followed down through its target (the weighted set) to the members' targets (the
   * instance records).
   */
  public static Found recognise(
      Target t, Collection<Rrset> zone, Registry registry, boolean adopt) {
    Map<Rrset.Key, Rrset> byKey = new LinkedHashMap<>();
    zone.forEach(r -> byKey.put(r.key(), r));
    Map<Rrset.Key, Rrset> found = new LinkedHashMap<>();
    List<String> refusals = new ArrayList<>();
    if (registry != null) {
      for (Rrset.Key k : registry.adopted()) {
        Rrset r = byKey.get(k);
        if (r != null) found.put(k, r);
      }
    }
    for (Rrset top : adopt ? zone : List.<Rrset>of()) {
      if (!top.name().equals(t.latencyName()) || !t.region().equals(top.region())) continue;
      if (registry != null && t.region().equals(top.setIdentifier())) continue; // ours already
      if (!Set.of("A", "CNAME").contains(top.type())) {
        refusals.add(
            top.key()
                + ": a latency record of type "
                + top.type()
                + " (RegionalEdge writes A or CNAME only)");
        continue;
      }
      found.put(top.key(), top);
      String weighted = targetOf(top);
      if (weighted == null
          || (top.alias() != null && !top.alias().hostedZoneId().equals(t.zoneId()))) {
        refusals.add(
            top.key()
                + ": points outside the hosted zone ("
                + (top.alias() == null ? "no target" : "alias into " + top.alias().hostedZoneId())
                + "), not at a weighted set");
        continue;
      }
      followWeighted(t, zone, top, weighted, found, refusals);
    }
    Set<String> checks = new TreeSet<>();
    for (Rrset r : found.values()) {
      if (r.healthCheckId() != null) checks.add(r.healthCheckId());
      String id = r.setIdentifier();
      if (id != null && (id.contains(",") || id.contains("|") || id.contains("\""))) {
        refusals.add(
            r.key()
                + ": a SetIdentifier with ',', '|' or '\"' cannot be listed in the ownership record");
      }
    }
    sharedWithOthers(t, zone, found, refusals);
    return new Found(List.copyOf(found.values()), checks, refusals);
  }

  private static void followWeighted(
      Target t,
      Collection<Rrset> zone,
      Rrset top,
      String weighted,
      Map<Rrset.Key, Rrset> found,
      List<String> refusals) {
    List<Rrset> members = zone.stream().filter(r -> r.name().equals(weighted)).toList();
    for (Rrset m : members) {
      if (top.alias() != null && !m.type().equals(top.type()))
        continue; // an alias follows its own type only
      if (!Set.of("A", "CNAME").contains(m.type())) {
        if (!m.type().equals("TXT"))
          refusals.add(m.key() + ": a weighted member of type " + m.type());
        continue;
      }
      if (m.region() != null) {
        refusals.add(
            m.key() + ": a latency set under a latency set (RegionalEdge holds one latency level)");
        continue;
      }
      if (m.setIdentifier() != null && m.weight() == null) {
        refusals.add(
            m.key()
                + ": failover, geolocation, multivalue or CIDR routing (RegionalEdge writes weighted only)");
        continue;
      }
      found.put(m.key(), m);
      String instance = targetOf(m);
      if (instance == null || instance.equals(weighted))
        continue; // an A member holds the address itself
      for (Rrset i : zone) {
        if (!i.name().equals(instance) || !Set.of("A", "CNAME").contains(i.type())) continue;
        if (i.setIdentifier() != null) {
          refusals.add(
              i.key()
                  + ": a routed record under a weighted member (RegionalEdge holds one weighted level)");
          continue;
        }
        found.put(i.key(), i);
      }
    }
  }

  /**
   * A record taken over must not be something another tree relies on: a name referred to by a
   * record outside the take-over (another region's latency record pointing at the same weighted
   * set, say) is refused, since moving it would move the other region's traffic too.
   */
  private static void sharedWithOthers(
      Target t, Collection<Rrset> zone, Map<Rrset.Key, Rrset> found, List<String> refusals) {
    Set<String> names = new HashSet<>();
    found.values().forEach(r -> names.add(r.name()));
    for (Rrset r : zone) {
      if (found.containsKey(r.key()) || ourName(t, r)) continue;
      String target = targetOf(r);
      if (target != null && names.contains(target) && !target.equals(r.name())) {
        refusals.add(
            r.key()
                + " (not this region's) points at "
                + target
                + ", which this region's hand-built "
                + "tree uses: a tree shared between regions cannot be taken over by one of them");
      }
    }
  }

  /**
   * A record at one of this region's own names (the new tree points at names being taken over while
   * it moves).
   */
  private static boolean ourName(Target t, Rrset r) {
    return r.name().equals(t.weightedName())
        || t.slotOf(r.name()) > 0
        || r.name().equals(t.registryName())
        || (r.name().equals(t.latencyName()) && t.region().equals(r.setIdentifier()));
  }

  /** The name an alias or a CNAME points at, or null for records that hold addresses. */
  static String targetOf(Rrset r) {
    if (r.alias() != null) return r.alias().dnsName();
    if (r.type().equals("CNAME") && r.values().size() == 1)
      return Rrset.normalise(r.values().get(0));
    return null;
  }

  /**
   * The ownership as if the records found were ours: owned, no longer conflicts, and their
   * per-instance names no longer foreign (so the new instances may take proxy1.. again).
   */
  public static Ownership takeOver(Target t, Ownership own, Found f) {
    if (f.isEmpty()) return own;
    Map<Rrset.Key, Rrset> owned = new LinkedHashMap<>(own.owned());
    f.records().forEach(r -> owned.put(r.key(), r));
    Set<Rrset.Key> keys = f.keys();
    List<Rrset> conflicts = own.conflicts().stream().filter(r -> !keys.contains(r.key())).toList();
    Set<Integer> foreign = new TreeSet<>(own.foreignSlots());
    for (Rrset r : f.records()) {
      int slot = t.slotOf(r.name());
      boolean othersAtName =
          own.conflicts().stream()
              .anyMatch(c -> c.name().equals(r.name()) && !keys.contains(c.key()));
      if (slot > 0 && !othersAtName) foreign.remove(slot);
    }
    return new Ownership(own.registry(), owned, foreign, conflicts);
  }

  /**
   * Binds hand-built checks to the new instances they already describe: same address, HTTPS, same
   * request interval, not measuring latency, not inverted or disabled, no search string (the
   * settings the operator never writes or Route53 cannot change). Other settings that differ (port,
   * path, FQDN, threshold) mark the slot outdated: one UpdateHealthCheck. A check that matches no
   * instance is not reused; it is deleted once no record refers to it.
   */
  public static DesiredRecords.Desired reuse(
      DesiredRecords.Desired d, Collection<Route53Api.ObservedCheck> checks) {
    Set<String> taken = new HashSet<>();
    List<DesiredRecords.Slot> slots = new ArrayList<>();
    for (DesiredRecords.Slot s : d.slots()) {
      if (s.checkId() != null) {
        slots.add(s);
        continue;
      }
      Route53Api.ObservedCheck match =
          checks.stream()
              .filter(c -> !taken.contains(c.id()) && reusable(c, s.check()))
              .findFirst()
              .orElse(null);
      if (match == null) {
        slots.add(s);
        continue;
      }
      taken.add(match.id());
      CheckConfig now =
          new CheckConfig(
              match.ipAddress(),
              match.port() == null ? 443 : match.port(),
              match.fqdn() == null ? null : Rrset.normalise(match.fqdn()),
              match.path(),
              match.requestInterval(),
              match.failureThreshold());
      slots.add(
          new DesiredRecords.Slot(
              s.n(),
              s.address(),
              s.pod(),
              s.ready(),
              s.check(),
              match.id(),
              !now.equals(s.check())));
    }
    return new DesiredRecords.Desired(slots, d.latency(), d.note(), d.skipped(), d.fallback());
  }

  static boolean reusable(Route53Api.ObservedCheck c, CheckConfig want) {
    return "HTTPS".equals(c.type())
        && want.ipAddress().equals(c.ipAddress())
        && c.requestInterval() == want.requestInterval()
        && !c.measureLatency()
        && !c.inverted()
        && !c.disabled()
        && c.searchString() == null;
  }
}
