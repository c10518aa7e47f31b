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
 * balancer's, so all pods collapse into one member). It keeps its slot N, and so its
 * {@code proxy<N>-<region>-<hostname>} name, its weighted member and its health check, for as long
 * as it is observed; a pod replaced on the same node changes nothing in Route53. A new address
 * takes the lowest free slot. An unready instance keeps its record and check but leaves the
 * weighted set; when no instance is ready (or the region is drained) the latency record is
 * withdrawn, since its alias target would otherwise not exist.
 *
 * <p>Weighted members are plain A records carrying the instance IP and its health check rather than
 * aliases to the per-instance records: one fewer lookup, no alias-target ordering within a batch,
 * and the check is bound exactly where Route53 evaluates it.
 */
public final class DesiredRecords {

  private static final Pattern IPV4 = Pattern.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");

  /** One instance as DNS sees it. checkId null: its check must be created (or replaced) first. */
  public record Slot(int n, String address, String pod, boolean ready, CheckConfig check, String checkId) {
    Slot withCheckId(String id) {
      return new Slot(n, address, pod, ready, check, id);
    }
  }

  /** The slots to hold, whether the latency record is published, and why not if it is not. */
  public record Desired(List<Slot> slots, boolean latency, String note, List<String> skipped) {}

  private DesiredRecords() {}

  public static Desired slots(Target t, List<InstanceStatus> instances, Registry current, Set<Integer> foreignSlots) {
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
    String note = t.drain() ? "region drained: latency record withdrawn"
        : !anyReady ? "no ready instance: latency record withdrawn" : null;
    return new Desired(slots, !t.drain() && anyReady, note, skipped);
  }

  private static Slot slot(Target t, int n, InstanceStatus i, Registry.Entry known) {
    CheckConfig cfg = t.check(i.getPublicAddress());
    String checkId = known != null && cfg.digest().equals(known.checkDigest()) ? known.checkId() : null;
    return new Slot(n, i.getPublicAddress(), i.getPod(), Boolean.TRUE.equals(i.getReady()), cfg, checkId);
  }

  /** The records, once every slot has its check. */
  public static List<Rrset> records(Target t, Desired d) {
    List<Rrset> out = new ArrayList<>();
    for (Slot s : d.slots()) {
      if (s.checkId() == null) {
        throw new IllegalStateException("slot " + s.n() + " has no health check yet");
      }
      out.add(Rrset.simple(t.instanceName(s.n()), "A", t.ttl(), s.address()));
      if (s.ready()) {
        out.add(Rrset.weighted(t.weightedName(), "proxy" + s.n(), 1, t.ttl(), s.address(), s.checkId()));
      }
    }
    if (d.latency()) {
      out.add(Rrset.latencyAlias(t.latencyName(), t.region(), t.zoneId(), t.weightedName()));
    }
    return out;
  }
}
