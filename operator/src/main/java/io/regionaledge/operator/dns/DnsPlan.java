package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes that turn what this region owns into what it should hold, ordered so every state
 * Route53 validates is valid: aliases are deleted before the records they point at, and created
 * after them. A record whose identity (name, type, set identifier) changes is a DELETE of the exact
 * old record plus a CREATE, in the same batch; the same identity with new contents is an UPSERT,
 * except a weighted member's new TTL (DELETE + CREATE, see below). An empty plan means no write.
 */
public record DnsPlan(List<Change> changes) {

  public static DnsPlan diff(Map<Rrset.Key, Rrset> owned, List<Rrset> desired) {
    Map<Rrset.Key, Rrset> want = new LinkedHashMap<>();
    for (Rrset r : desired) {
      if (want.put(r.key(), r) != null) {
        throw new IllegalArgumentException("two desired records share " + r.key());
      }
    }
    List<Change> changes = new ArrayList<>();
    for (Rrset have : owned.values()) {
      if (!want.containsKey(have.key())) {
        changes.add(Change.delete(have));
      }
    }
    for (Rrset w : want.values()) {
      Rrset have = owned.get(w.key());
      if (have == null) {
        changes.add(Change.create(w));
      } else if (have.weight() != null && !java.util.Objects.equals(have.ttl(), w.ttl())) {
        // Route53 checks each change of a batch against the set as the changes before it left it,
        // and every member of a weighted set must have the same TTL: upserting members one by one
        // is refused. Deleting every old member (phase 1) before creating the new ones (phase 2)
        // works.
        changes.add(Change.delete(have));
        changes.add(Change.create(w));
      } else if (!have.equals(w)) {
        changes.add(Change.upsert(w));
      }
    }
    Set<String> aliasNames = new HashSet<>();
    changes.stream()
        .filter(c -> c.record().alias() != null)
        .forEach(c -> aliasNames.add(c.record().name()));
    changes.sort(
        Comparator.comparingInt((Change c) -> phase(c, aliasNames))
            .thenComparing(c -> c.record().key().toString()));
    return new DnsPlan(List.copyOf(changes));
  }

  /**
   * Route53 validates a batch change by change, and an alias's target must exist when the alias is
   * written (DNSControl#937): an alias to another alias of this plan (H -> proxy-R-H -> a load
   * balancer) is created after its target and deleted before it.
   */
  private static int phase(Change c, Set<String> aliasNames) {
    Rrset.Alias alias = c.record().alias();
    boolean referrer = alias != null && aliasNames.contains(alias.dnsName());
    if (c.action() == Change.Action.DELETE) {
      return alias == null ? 2 : referrer ? 0 : 1;
    }
    return alias == null ? 3 : referrer ? 5 : 4;
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * Splits into batches within Route53's limits (1,000 records, 32,000 value characters; UPSERT
   * counts twice), keeping the order. One resource's plan fits one batch (at most ~100 instances);
   * the split exists so a pathological plan is still applied instead of rejected.
   */
  public List<List<Change>> batches(int maxRecords, int maxChars) {
    List<List<Change>> out = new ArrayList<>();
    List<Change> cur = new ArrayList<>();
    int records = 0;
    int chars = 0;
    for (Change c : changes) {
      if (!cur.isEmpty()
          && (records + c.recordCount() > maxRecords || chars + c.charCount() > maxChars)) {
        out.add(cur);
        cur = new ArrayList<>();
        records = 0;
        chars = 0;
      }
      cur.add(c);
      records += c.recordCount();
      chars += c.charCount();
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  public List<List<Change>> batches() {
    return batches(1000, 32000);
  }
}
