package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ownership record of one resource in one region: a TXT record set next to the weighted set
 * (external-dns style heritage), one value per fact. It says which resource and region own the
 * tree, which slot N each instance address holds (so proxy&lt;N&gt; names stay stable), which
 * health check is bound to it, and which checks were unbound but not yet deleted. It is written in
 * the same atomic batch as the records it describes, so it can never disagree with them.
 *
 * @param serial bumped on every write; part of new health checks' CallerReference so a restart
 *     before the batch lands finds the same check, while a later re-creation does not collide with
 *     a deleted one
 * @param adopted records of a hand-built tree taken over ({@link Adoption}) that are still to be
 *     moved or deleted: ours although their names are not
 */
public record Registry(
    String resource,
    String uid,
    String region,
    long serial,
    List<Entry> entries,
    List<String> retired,
    List<Rrset.Key> adopted) {

  public static final String HERITAGE = "heritage=regionaledge";

  /**
   * One instance: its slot, public address and bound check (digest of the check's settings, and of
   * those that cannot change in place; null in records written before it was kept: replace).
   */
  public record Entry(
      int slot, String address, String checkId, String checkDigest, String fixedDigest) {
    public Entry(int slot, String address, String checkId, String checkDigest) {
      this(slot, address, checkId, checkDigest, null);
    }
  }

  public Registry {
    entries = entries.stream().sorted(Comparator.comparingInt(Entry::slot)).toList();
    retired = retired.stream().sorted().distinct().toList();
    adopted =
        adopted == null
            ? List.of()
            : adopted.stream()
                .distinct()
                .sorted(Comparator.comparing(Rrset.Key::toString))
                .toList();
  }

  public Registry(
      String resource,
      String uid,
      String region,
      long serial,
      List<Entry> entries,
      List<String> retired) {
    this(resource, uid, region, serial, entries, retired, List.of());
  }

  public static Registry empty(String resource, String uid, String region) {
    return new Registry(resource, uid, region, 0, List.of(), List.of());
  }

  public boolean ownedBy(String resource, String region) {
    return Objects.equals(this.resource, resource) && Objects.equals(this.region, region);
  }

  public Optional<Entry> entryFor(String address) {
    return entries.stream().filter(e -> e.address().equals(address)).findFirst();
  }

  /** Same facts, serial aside: used to decide whether the record needs a write at all. */
  public boolean sameFacts(Registry o) {
    return o != null
        && Objects.equals(resource, o.resource)
        && Objects.equals(region, o.region)
        && Objects.equals(uid, o.uid)
        && entries.equals(o.entries)
        && retired.equals(o.retired)
        && adopted.equals(o.adopted);
  }

  public Registry withFacts(List<Entry> newEntries, List<String> newRetired, String newUid) {
    return new Registry(resource, newUid, region, serial, newEntries, newRetired, adopted);
  }

  public Registry withAdopted(List<Rrset.Key> keys) {
    return new Registry(resource, uid, region, serial, entries, retired, keys);
  }

  public Registry nextSerial() {
    return new Registry(resource, uid, region, serial + 1, entries, retired, adopted);
  }

  public Rrset toRecord(String name, long ttl) {
    List<String> values = new ArrayList<>();
    values.add(
        quote(
            HERITAGE
                + ",resource="
                + resource
                + ",region="
                + region
                + ",uid="
                + uid
                + ",serial="
                + serial));
    for (Entry e : entries) {
      values.add(
          quote(
              "i="
                  + e.slot()
                  + ",a="
                  + e.address()
                  + ",hc="
                  + e.checkId()
                  + ",c="
                  + e.checkDigest()
                  + (e.fixedDigest() == null ? "" : ",f=" + e.fixedDigest())));
    }
    for (String id : retired) {
      values.add(quote("x=" + id));
    }
    for (Rrset.Key k : adopted) {
      values.add(
          quote(
              "adopt="
                  + k.name()
                  + "|"
                  + k.type()
                  + "|"
                  + (k.setIdentifier() == null ? "" : k.setIdentifier())));
    }
    return new Rrset(name, "TXT", null, null, null, ttl, values, null, null);
  }

  /** Empty when the record is not a RegionalEdge registry at all (someone else's TXT). */
  public static Optional<Registry> parse(Rrset txt) {
    Map<String, String> header = null;
    List<Entry> entries = new ArrayList<>();
    List<String> retired = new ArrayList<>();
    List<Rrset.Key> adopted = new ArrayList<>();
    try {
      for (String v : txt.values()) {
        Map<String, String> kv = fields(unquote(v));
        if (kv.containsKey("heritage")) {
          header = kv;
        } else if (kv.containsKey("i")) {
          entries.add(
              new Entry(
                  Integer.parseInt(kv.get("i")),
                  kv.get("a"),
                  kv.get("hc"),
                  kv.get("c"),
                  kv.get("f")));
        } else if (kv.containsKey("x")) {
          retired.add(kv.get("x"));
        } else if (kv.containsKey("adopt")) {
          String[] k = kv.get("adopt").split("\\|", -1);
          adopted.add(new Rrset.Key(k[0], k[1], k[2].isEmpty() ? null : k[2]));
        }
      }
      if (header == null || !"regionaledge".equals(header.get("heritage"))) {
        return Optional.empty();
      }
      return Optional.of(
          new Registry(
              header.get("resource"),
              header.get("uid"),
              header.get("region"),
              Long.parseLong(header.getOrDefault("serial", "0")),
              entries,
              retired,
              adopted));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  private static Map<String, String> fields(String s) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String part : s.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        kv.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    return kv;
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static String unquote(String v) {
    // Route53 may split a long value into several quoted strings: "a" "b"
    return v.replaceAll("\"\\s+\"", "").replace("\"", "");
  }
}
