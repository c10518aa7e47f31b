package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Splits a zone's records into what this region owns for the resource, what blocks it, and what it
 * must leave alone (other regions' latency members, unrelated names).
 *
 * @param registry our ownership record, or null when the tree has never been written
 * @param owned records we may change or delete, including the registry TXT
 * @param foreignSlots slots whose proxy&lt;N&gt; name is taken by a record we do not own: never
 *     reused
 * @param conflicts records at names we need that someone else owns: the sync stops on them
 */
public record Ownership(
    Registry registry,
    Map<Rrset.Key, Rrset> owned,
    Set<Integer> foreignSlots,
    List<Rrset> conflicts) {

  public static Ownership observe(Target t, Collection<Rrset> zone) {
    Registry registry = null;
    List<Rrset> conflicts = new ArrayList<>();
    for (Rrset r : zone) {
      if (r.name().equals(t.registryName()) && r.type().equals("TXT")) {
        Registry parsed = Registry.parse(r).orElse(null);
        if (parsed != null && parsed.ownedBy(t.resource(), t.region())) {
          registry = parsed;
        } else {
          conflicts.add(r);
        }
      }
    }
    boolean ours = registry != null;
    Map<Rrset.Key, Rrset> owned = new LinkedHashMap<>();
    Set<Integer> foreignSlots = new TreeSet<>();
    for (Rrset r : zone) {
      if (r.name().equals(t.registryName())) {
        if (ours && r.type().equals("TXT")) owned.put(r.key(), r);
        else if (!r.type().equals("TXT")) conflicts.add(r);
      } else if (r.name().equals(t.latencyName())) {
        if (t.region().equals(r.setIdentifier())) {
          if (ours) owned.put(r.key(), r);
          else conflicts.add(r);
        } else if (t.region().equals(r.region())
            || (r.weight() != null && Set.of("A", "AAAA").contains(r.type()))) {
          // someone else's latency record for our region (Route53 allows one per Region), or a
          // weighted set at the public name (Route53 refuses a latency set beside it)
          conflicts.add(r);
        } else if (r.region() == null
            && r.setIdentifier() == null
            && Set.of("A", "AAAA", "CNAME").contains(r.type())) {
          // a simple record at the public name: Route53 refuses a latency set beside it
          conflicts.add(r);
        }
      } else if (r.name().equals(t.weightedName())) {
        if (ours) owned.put(r.key(), r);
        else conflicts.add(r);
      } else {
        int slot = t.slotOf(r.name());
        if (slot > 0) {
          if (ours && registry.entries().stream().anyMatch(e -> e.slot() == slot))
            owned.put(r.key(), r);
          else foreignSlots.add(slot);
        }
      }
    }
    return new Ownership(registry, owned, foreignSlots, conflicts);
  }
}
