package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The shape and order of a move from a hand-built tree to RegionalEdge's, pure functions of the
 * zone and the plan. Route53 applies each batch atomically but validates its changes one by one, in
 * order (DNSControl#937, roadworker#89, octodns#366), so every batch is ordered to be valid step by
 * step, and every state between batches still answers for the hostname:
 *
 * <ol>
 *   <li>the ownership record and every record that can join the zone beside the old ones (new
 *       names, new members of a set whose TTL and type they share);
 *   <li>the switch: whatever must replace something at the same name (a CNAME where an A was, the
 *       latency record for this region, members whose TTL differs), deletions before creations,
 *       alias targets before aliases;
 *   <li>later ({@link AdoptionWaits}): the old names nothing points to any more, once resolvers'
 *       caches of the records that pointed at them have expired.
 * </ol>
 */
public final class AdoptionBatches {
  private AdoptionBatches() {}

  /**
   * Whether this region's latency record must be a CNAME: another record at the hostname (another
   * region's, hand-built or adopted) is one, and Route53 refuses any other type beside a CNAME
   * ("RRSet of type A with DNS name ... is not permitted because a conflicting RRSet of type CNAME
   * with the same DNS name already exists", zinc#178). Our own old records do not count.
   */
  public static boolean cnameAtTop(Target t, Collection<Rrset> zone, Set<Rrset.Key> adopted) {
    return zone.stream()
        .anyMatch(
            r ->
                r.name().equals(t.latencyName())
                    && r.type().equals("CNAME")
                    && !t.region().equals(r.setIdentifier())
                    && !adopted.contains(r.key()));
  }

  /**
   * The desired records in CNAME form when {@code cname}: the latency record becomes a CNAME alias
   * (type CNAME, EvaluateTargetHealth) to the weighted set, whose members become weighted CNAMEs to
   * the per-instance A records, each keeping its health check. Route53 follows an alias only to
   * records of its own type (https://repost.aws/knowledge-center/route-53-create-alias-records), so
   * the weighted level must be CNAMEs too; region failover by health works as in the A form.
   */
  public static List<Rrset> shape(Target t, List<Rrset> desired, boolean cname) {
    if (!cname) return desired;
    List<Rrset> out = new ArrayList<>();
    for (Rrset r : desired) {
      if (r.name().equals(t.latencyName()) && r.alias() != null) {
        out.add(
            new Rrset(
                r.name(),
                "CNAME",
                r.setIdentifier(),
                null,
                r.region(),
                null,
                List.of(),
                r.alias(),
                null));
      } else if (r.name().equals(t.weightedName()) && r.weight() != null && r.type().equals("A")) {
        int slot = Integer.parseInt(r.setIdentifier().substring("proxy".length()));
        out.add(
            new Rrset(
                r.name(),
                "CNAME",
                r.setIdentifier(),
                r.weight(),
                null,
                r.ttl(),
                List.of(t.instanceName(slot)),
                null,
                r.healthCheckId()));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The plan split into the batches above (the third is left out: {@code deferred} are the
   * deletions that wait). Each is split further only if it exceeds Route53's batch limits.
   */
  public static List<List<Change>> order(
      DnsPlan plan, Collection<Rrset> zone, Set<Rrset.Key> deferred, Target t) {
    List<Change> kept =
        plan.changes().stream()
            .filter(
                c -> !(c.action() == Change.Action.DELETE && deferred.contains(c.record().key())))
            .toList();
    Set<Rrset.Key> deleted = new HashSet<>();
    kept.stream()
        .filter(c -> c.action() == Change.Action.DELETE)
        .forEach(c -> deleted.add(c.record().key()));
    Map<Rrset.Key, Rrset> state = new LinkedHashMap<>();
    zone.forEach(r -> state.put(r.key(), r));
    List<Change> first = new ArrayList<>();
    List<Change> rest = new ArrayList<>();
    for (Change c : kept) {
      Rrset r = c.record();
      boolean registry = r.name().equals(t.registryName());
      if (registry
          || (c.action() == Change.Action.CREATE
              && !deleted.contains(r.key())
              && fitsBeside(state, r, t.zoneId()))) {
        first.add(c);
        state.put(r.key(), r);
      } else {
        rest.add(c);
      }
    }
    List<List<Change>> out = new ArrayList<>();
    if (!first.isEmpty()) out.addAll(new DnsPlan(first).batches());
    if (!rest.isEmpty()) out.addAll(new DnsPlan(rest).batches());
    return out;
  }

  /**
   * Whether Route53 accepts creating {@code r} in {@code state} without removing anything first.
   */
  static boolean fitsBeside(Map<Rrset.Key, Rrset> state, Rrset r, String zoneId) {
    if (state.containsKey(r.key())) return false;
    List<Rrset> atName = state.values().stream().filter(x -> x.name().equals(r.name())).toList();
    // a CNAME shares its name with nothing (RFC 1034 3.6.2; Particle-Cloud#113, zinc#178)
    if (atName.stream().anyMatch(x -> x.type().equals("CNAME") != r.type().equals("CNAME")))
      return false;
    List<Rrset> set = atName.stream().filter(x -> x.type().equals(r.type())).toList();
    for (Rrset m : set) {
      // one routing policy per name and type (external-dns#4345), one latency record per Region
      // (terraform-provider-aws#1668), one TTL per weighted set (aws-sdk-go-v2#518)
      if (m.setIdentifier() == null || r.setIdentifier() == null) return false;
      if ((m.weight() == null) != (r.weight() == null)
          || (m.region() == null) != (r.region() == null)) return false;
      if (r.region() != null && r.region().equals(m.region())) return false;
      if (r.weight() != null && !Objects.equals(r.ttl(), m.ttl())) return false;
    }
    if (r.alias() != null) {
      // the target must exist, with the alias's type, when the alias is reached (DNSControl#937)
      if (!r.alias().hostedZoneId().equals(zoneId)) return false;
      return state.values().stream()
          .anyMatch(x -> x.name().equals(r.alias().dnsName()) && x.type().equals(r.type()));
    }
    return true;
  }

  /** The records taken over whose names the new tree does not use: deleted last, after a wait. */
  public static List<Rrset> abandoned(Adoption.Found f, List<Rrset> desired) {
    Set<String> names = new HashSet<>();
    desired.forEach(r -> names.add(r.name()));
    return f.records().stream().filter(r -> !names.contains(r.name())).toList();
  }

  /**
   * Whether any other record in the zone points at {@code r}'s name (alias target or CNAME value).
   */
  static boolean referenced(Rrset r, Collection<Rrset> zone) {
    return zone.stream()
        .anyMatch(x -> !x.name().equals(r.name()) && r.name().equals(Adoption.targetOf(x)));
  }
}
