package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.InstanceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What this region should hold in Route53, as a pure function of the resource, the observed
 * instances and the current ownership record.
 *
 * <p>An instance is its public address (HostPort: the node's ExternalIP; LoadBalancer: the load
 * balancer's, so all pods collapse into one member). It keeps its slot N, and so its {@code
 * proxy<N>-<region>-<hostname>} name, its weighted member and its health check, for as long as it
 * is observed; a pod replaced on the same node changes nothing in Route53. A new address takes the
 * lowest free slot. An unready instance keeps its record and check but leaves the weighted set.
 * When no instance is ready (or the region is drained) the latency record is withdrawn only while
 * another region's latency record answers for the name: the last one is never withdrawn (resolvers
 * would cache the empty answer for the SOA's negative TTL, 15 min). Instead every instance joins
 * the weighted set and Route53's own health checks decide, failing open when all of them fail. An
 * address Route53 cannot health-check (private, loopback, reserved) is skipped with a message
 * naming pod, node and address; the others are published.
 *
 * <p>Weighted members are plain A records carrying the instance IP and its health check rather than
 * aliases to the per-instance records: one fewer lookup, no alias-target ordering within a batch,
 * and the check is bound exactly where Route53 evaluates it.
 */
public final class DesiredRecords {

  private static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");

  /**
   * One instance as DNS sees it. checkId null: its check must be created (or replaced) first;
   * outdated: the check exists but some setting UpdateHealthCheck can change differs.
   */
  public record Slot(
      int n,
      String address,
      String pod,
      boolean ready,
      CheckConfig check,
      String checkId,
      boolean outdated) {
    public Slot(
        int n, String address, String pod, boolean ready, CheckConfig check, String checkId) {
      this(n, address, pod, ready, check, checkId, false);
    }

    Slot withCheckId(String id) {
      return new Slot(n, address, pod, ready, check, id, false);
    }
  }

  /**
   * The slots to hold, whether the latency record is published, and why not if it is not. fallback:
   * no instance is ready but ours is the last latency record, so every instance is in the weighted
   * set and Route53's health checks decide.
   */
  public record Desired(
      List<Slot> slots,
      boolean latency,
      String note,
      List<String> skipped,
      boolean fallback,
      LoadBalancerAlias loadBalancer) {
    public Desired(
        List<Slot> slots, boolean latency, String note, List<String> skipped, boolean fallback) {
      this(slots, latency, note, skipped, fallback, null);
    }

    public Desired(List<Slot> slots, boolean latency, String note, List<String> skipped) {
      this(slots, latency, note, skipped, false);
    }

    /**
     * The tree once its slots have their checks (slots left out at the health-check quota are
     * gone): the latency record stays only while something behind it can answer.
     */
    public Desired withCheckedSlots(List<Slot> checked) {
      boolean keep =
          loadBalancer != null
              ? latency
              : latency
                  && (checked.stream().anyMatch(Slot::ready) || fallback && !checked.isEmpty());
      return new Desired(checked, keep, note, skipped, fallback, loadBalancer);
    }

    /** Something behind this region is ready: the latency record need not be reconsidered. */
    public boolean anyReady() {
      return loadBalancer != null
          ? loadBalancer.readyPods() > 0
          : slots.stream().anyMatch(Slot::ready);
    }

    /** The first words of the status message: what the region's tree routes to. */
    public String summary() {
      if (loadBalancer != null) {
        return "alias to load balancer "
            + loadBalancer.target().name()
            + " ("
            + loadBalancer.target().kind()
            + ", "
            + loadBalancer.target().region()
            + "), "
            + loadBalancer.readyPods()
            + " of "
            + loadBalancer.pods()
            + " pods ready";
      }
      return (fallback ? slots.size() : slots.stream().filter(Slot::ready).count())
          + " of "
          + slots.size()
          + " instances in the weighted set";
    }
  }

  /**
   * The region's load balancer as the alias target of {@code proxy-R-H}, and the pods behind it.
   * Route53 evaluates its health itself (EvaluateTargetHealth: healthy while every target group
   * with targets has a healthy target), so there is no per-instance record and no Route53 health
   * check.
   */
  public record LoadBalancerAlias(ElbNames.LoadBalancer target, int readyPods, int pods) {}

  private DesiredRecords() {}

  static boolean isIpv4(String address) {
    return IPV4.matcher(address).matches();
  }

  public static Desired slots(
      Target t, List<InstanceStatus> instances, Registry current, Set<Integer> foreignSlots) {
    return slots(t, instances, current, foreignSlots, PublicAddresses.route53(), true);
  }

  /**
   * @param othersServe another region's latency record answers for the hostname, so ours may be
   *     withdrawn when this region has nothing ready
   */
  public static Desired slots(
      Target t,
      List<InstanceStatus> instances,
      Registry current,
      Set<Integer> foreignSlots,
      PublicAddresses addresses,
      boolean othersServe) {
    Map<String, InstanceStatus> byAddress = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    for (InstanceStatus i : instances == null ? List.<InstanceStatus>of() : instances) {
      String a = i.getPublicAddress();
      if (a == null || a.isBlank()) {
        skipped.add(i.getPod() + " (no public address)");
        continue;
      }
      if (!IPV4.matcher(a).matches()) {
        skipped.add(i.getPod() + " (address " + a + " is not an IPv4 address)");
        continue;
      }
      String refusal = addresses.refusal(a);
      if (refusal != null) {
        skipped.add("pod " + i.getPod() + " on node " + i.getNode() + " (" + refusal + ")");
        continue;
      }
      // several pods behind one address (LoadBalancer): ready if any is
      byAddress.merge(a, i, (x, y) -> Boolean.TRUE.equals(x.getReady()) ? x : y);
    }
    Set<Integer> taken = new HashSet<>(foreignSlots);
    List<Slot> slots = new ArrayList<>();
    List<String> fresh = new ArrayList<>();
    for (var e : byAddress.entrySet()) {
      var known = current == null ? null : current.entryFor(e.getKey()).orElse(null);
      if (known != null && !foreignSlots.contains(known.slot())) {
        taken.add(known.slot());
        slots.add(slot(t, known.slot(), e.getValue(), known));
      } else {
        fresh.add(e.getKey());
      }
    }
    fresh.sort(Comparator.naturalOrder());
    int next = 1;
    for (String a : fresh) {
      while (taken.contains(next)) next++;
      taken.add(next);
      slots.add(slot(t, next, byAddress.get(a), null));
    }
    slots.sort(Comparator.comparingInt(Slot::n));
    boolean anyReady = slots.stream().anyMatch(Slot::ready);
    if (!t.drain() && anyReady) {
      return new Desired(slots, true, null, skipped, false);
    }
    String why = t.drain() ? "region drained" : "no ready instance";
    if (othersServe) {
      return new Desired(slots, false, why + ": latency record withdrawn", skipped, false);
    }
    if (slots.isEmpty()) {
      return new Desired(
          slots,
          false,
          why + " and no instance to fall back to: no latency record",
          skipped,
          false);
    }
    return new Desired(
        slots,
        true,
        why
            + ", and no other region answers for "
            + t.hostname()
            + ": latency record kept with every instance in the weighted set (Route53's health checks decide, "
            + "failing open)",
        skipped,
        true);
  }

  private static Slot slot(Target t, int n, InstanceStatus i, Registry.Entry known) {
    CheckConfig cfg = t.check(i.getPublicAddress());
    boolean ready = Boolean.TRUE.equals(i.getReady());
    if (known == null || known.checkId() == null) {
      return new Slot(n, i.getPublicAddress(), i.getPod(), ready, cfg, null, false);
    }
    if (cfg.digest().equals(known.checkDigest())) {
      return new Slot(n, i.getPublicAddress(), i.getPod(), ready, cfg, known.checkId(), false);
    }
    // Type, RequestInterval and MeasureLatency are fixed for a check's life; the rest is updated in
    // place
    boolean sameFixed = cfg.fixedDigest().equals(known.fixedDigest());
    return new Slot(
        n,
        i.getPublicAddress(),
        i.getPod(),
        ready,
        cfg,
        sameFixed ? known.checkId() : null,
        sameFixed);
  }

  /** The records, once every slot has its check. */
  public static List<Rrset> records(Target t, Desired d) {
    List<Rrset> out = new ArrayList<>();
    for (Slot s : d.slots()) {
      if (s.checkId() == null) {
        throw new IllegalStateException("slot " + s.n() + " has no health check yet");
      }
      out.add(Rrset.simple(t.instanceName(s.n()), "A", t.ttl(), s.address()));
      if (s.ready() || d.fallback()) {
        out.add(
            Rrset.weighted(
                t.weightedName(), "proxy" + s.n(), 1, t.ttl(), s.address(), s.checkId()));
      }
    }
    if (d.loadBalancer() != null) {
      ElbNames.LoadBalancer lb = d.loadBalancer().target();
      out.add(Rrset.alias(t.weightedName(), lb.zoneId(), lb.aliasName()));
    }
    if (d.latency()) {
      out.add(Rrset.latencyAlias(t.latencyName(), t.region(), t.zoneId(), t.weightedName()));
    }
    return out;
  }
}
