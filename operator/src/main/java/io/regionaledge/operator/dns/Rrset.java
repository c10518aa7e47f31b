package io.regionaledge.operator.dns;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One Route53 resource record set, normalised (lower-case names without the trailing dot, sorted
 * values) so that what we want and what Route53 returns compare equal when they mean the same.
 *
 * @param setIdentifier null for a simple record
 * @param weight weighted routing, else null
 * @param region latency routing, else null
 * @param ttl null for alias records
 * @param values empty for alias records
 * @param alias null unless an alias record
 * @param healthCheckId null when no check is bound
 */
public record Rrset(
    String name,
    String type,
    String setIdentifier,
    Long weight,
    String region,
    Long ttl,
    List<String> values,
    Alias alias,
    String healthCheckId) {

  public Rrset {
    name = normalise(name);
    Objects.requireNonNull(type, "type");
    values = values == null ? List.of() : values.stream().sorted().toList();
  }

  /** Route53 alias target in a hosted zone. */
  public record Alias(String hostedZoneId, String dnsName, boolean evaluateTargetHealth) {
    public Alias {
      dnsName = normalise(dnsName);
    }
  }

  /** Identity of a record set in Route53: a change to anything else is an UPSERT. */
  public record Key(String name, String type, String setIdentifier) {
    @Override
    public String toString() {
      return name + " " + type + (setIdentifier == null ? "" : " [" + setIdentifier + "]");
    }
  }

  public Key key() {
    return new Key(name, type, setIdentifier);
  }

  public static Rrset simple(String name, String type, long ttl, String... values) {
    return new Rrset(name, type, null, null, null, ttl, List.of(values), null, null);
  }

  public static Rrset weighted(
      String name, String setId, long weight, long ttl, String value, String healthCheckId) {
    return new Rrset(name, "A", setId, weight, null, ttl, List.of(value), null, healthCheckId);
  }

  public static Rrset latencyAlias(String name, String region, String zoneId, String target) {
    return new Rrset(
        name, "A", region, null, region, null, List.of(), new Alias(zoneId, target, true), null);
  }

  /** A simple alias (no routing policy) that evaluates its target's health. */
  public static Rrset alias(String name, String zoneId, String target) {
    return new Rrset(
        name, "A", null, null, null, null, List.of(), new Alias(zoneId, target, true), null);
  }

  /** Characters Route53 counts against the 32,000 per batch limit. */
  int valueChars() {
    return values.stream().mapToInt(String::length).sum();
  }

  static String normalise(String name) {
    if (name == null) {
      return null;
    }
    String n = name.toLowerCase(Locale.ROOT).replace("\\052", "*");
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(key().toString());
    if (region != null) s.append(" latency=").append(region);
    if (weight != null) s.append(" weight=").append(weight);
    if (alias != null) s.append(" alias->").append(alias.dnsName());
    if (!values.isEmpty()) s.append(' ').append(String.join(",", values));
    if (healthCheckId != null) s.append(" hc=").append(healthCheckId);
    return s.toString();
  }
}
