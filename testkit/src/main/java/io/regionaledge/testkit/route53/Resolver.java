package io.regionaledge.testkit.route53;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Answers A queries as Route53's resolvers would for a client in a given region: simple, weighted
 * and latency sets; aliases (with EvaluateTargetHealth); CNAME chains within the simulated zones;
 * health checks; and fail-open when every member of a set is unhealthy.
 */
public final class Resolver {
  private static final int MAX_DEPTH = 16;

  private final HostedZoneStore store;
  private final HealthChecker health;
  private final LatencyTable latency;
  private final Random random;

  Resolver(HostedZoneStore store, HealthChecker health, LatencyTable latency, Random random) {
    this.store = store;
    this.health = health;
    this.latency = latency;
    this.random = random;
  }

  /** The client regions the latency table knows. */
  public java.util.Set<String> regions() {
    return latency.regions();
  }

  public Answer resolve(String clientRegion, String name) {
    if (!latency.knows(clientRegion)) {
      throw new IllegalArgumentException(
          "unknown client region '"
              + clientRegion
              + "'; the latency table knows "
              + latency.regions());
    }
    String n = DnsNames.normalize(name);
    List<String> cnames = new ArrayList<>();
    List<String> path = new ArrayList<>();
    String current = n;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      HostedZone zone = zoneFor(current);
      if (zone == null)
        return new Answer(n, cnames.isEmpty() ? "NXDOMAIN" : "NOERROR", List.of(), cnames, 0, path);
      Result r = answerAt(clientRegion, zone.id(), current, "A", path, 0);
      if (r == null) r = answerAt(clientRegion, zone.id(), current, "CNAME", path, 0);
      if (r == null) {
        boolean exists = store.nameExists(zone.id(), current);
        return new Answer(
            n, exists || !cnames.isEmpty() ? "NOERROR" : "NXDOMAIN", List.of(), cnames, 0, path);
      }
      if (r.cname == null) return new Answer(n, "NOERROR", r.values, cnames, r.ttl, path);
      cnames.add(r.cname);
      current = DnsNames.normalize(r.cname);
    }
    throw new IllegalStateException("CNAME/alias chain longer than " + MAX_DEPTH + " at " + n);
  }

  /**
   * Values of the chosen record (or its alias target), or a CNAME to follow; null if no such
   * records.
   */
  private record Result(List<String> values, String cname, long ttl) {}

  private Result answerAt(
      String client, String zoneId, String name, String type, List<String> path, int depth) {
    if (depth > MAX_DEPTH)
      throw new IllegalStateException("alias chain longer than " + MAX_DEPTH + " at " + name);
    List<RecordSet> members = store.members(zoneId, name, type);
    if (members.isEmpty()) return loadBalancerAnswer(zoneId, name, type, path);
    RecordSet chosen = choose(client, members, depth);
    path.add(
        chosen.name()
            + " "
            + chosen.type()
            + (chosen.setIdentifier() == null ? "" : " [" + chosen.setIdentifier() + "]"));
    if (chosen.isAlias()) {
      AliasTarget a = chosen.alias();
      String targetZone = ChangeStore.bareId(a.hostedZoneId(), "/hostedzone/");
      Result r = answerAt(client, targetZone, a.dnsName(), type, path, depth + 1);
      return r == null ? new Result(List.of(), null, 0) : r;
    }
    if (type.equals("CNAME")) return new Result(List.of(), chosen.values().get(0), chosen.ttl());
    return new Result(chosen.values(), null, chosen.ttl());
  }

  /**
   * An alias into a load balancer's canonical zone: its addresses (its own records' TTL is 60 s).
   */
  private Result loadBalancerAnswer(String zoneId, String name, String type, List<String> path) {
    if (store.hasZone(zoneId)) return null;
    var lb = store.loadBalancers.target(zoneId, name).orElse(null);
    if (lb == null) return null;
    path.add(lb.name() + " " + lb.kind());
    return type.equals("A") ? new Result(lb.addresses(), null, 60) : new Result(List.of(), null, 0);
  }

  private RecordSet choose(String client, List<RecordSet> members, int depth) {
    if (members.size() == 1 && members.get(0).setIdentifier() == null) return members.get(0);
    List<RecordSet> healthy = members.stream().filter(r -> healthy(r, depth)).toList();
    // Fail-open: when no member is healthy, Route53 answers as if all were.
    List<RecordSet> pool = healthy.isEmpty() ? members : healthy;
    RecordSet first = members.get(0);
    if (first.region() != null) {
      return pool.stream()
          .min(
              Comparator.comparingInt((RecordSet r) -> latency.latency(client, r.region()))
                  .thenComparing(r -> r.setIdentifier()))
          .orElseThrow();
    }
    return weighted(pool);
  }

  private RecordSet weighted(List<RecordSet> pool) {
    long total = pool.stream().mapToLong(r -> r.weight() == null ? 0 : r.weight()).sum();
    // Zero-weight members answer only when every candidate has weight zero.
    if (total == 0) return pool.get(random.nextInt(pool.size()));
    long pick = (long) (random.nextDouble() * total);
    for (RecordSet r : pool) {
      long w = r.weight() == null ? 0 : r.weight();
      if (pick < w) return r;
      pick -= w;
    }
    return pool.get(pool.size() - 1);
  }

  /**
   * A record is healthy when its health check (if any) is, and, for an alias evaluating target
   * health, when the target has at least one healthy member (no fail-open inside this evaluation).
   */
  boolean healthy(RecordSet r, int depth) {
    if (r.healthCheckId() != null && !health.isHealthy(r.healthCheckId())) return false;
    if (r.isAlias() && r.alias().evaluateTargetHealth() && depth < MAX_DEPTH) {
      String targetZone = ChangeStore.bareId(r.alias().hostedZoneId(), "/hostedzone/");
      List<RecordSet> target = store.members(targetZone, r.alias().dnsName(), r.type());
      if (target.isEmpty()) {
        var lb =
            store.hasZone(targetZone)
                ? null
                : store.loadBalancers.target(targetZone, r.alias().dnsName()).orElse(null);
        return lb != null ? lb.healthy() : !store.hasZone(targetZone);
      }
      return target.stream().anyMatch(t -> healthy(t, depth + 1));
    }
    return true;
  }

  /** The most specific simulated zone holding {@code name}, or null. */
  private HostedZone zoneFor(String name) {
    return store.zones().stream()
        .filter(z -> DnsNames.inZone(name, z.name()))
        .max(Comparator.comparingInt(z -> z.name().length()))
        .orElse(null);
  }
}
