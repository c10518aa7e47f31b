package io.regionaledge.testkit.route53;

import java.util.List;
import java.util.Objects;

/**
 * A resource record set as Route53 stores it. Exactly one of {@code ttl}+{@code values} or {@code
 * alias} is set; {@code weight} marks a weighted member, {@code region} a latency member.
 */
public record RecordSet(
    String name,
    String type,
    String setIdentifier,
    Long weight,
    String region,
    Long ttl,
    List<String> values,
    AliasTarget alias,
    String healthCheckId) {
  public RecordSet {
    name = DnsNames.normalize(name);
    Objects.requireNonNull(type, "type");
    values = values == null ? List.of() : List.copyOf(values);
  }

  public static RecordSet simple(String name, String type, long ttl, String... values) {
    return new RecordSet(name, type, null, null, null, ttl, List.of(values), null, null);
  }

  public Key key() {
    return new Key(name, type, setIdentifier);
  }

  public boolean isAlias() {
    return alias != null;
  }

  /** The routing policy of this member: simple, weighted or latency. */
  public String routing() {
    if (weight != null) return "weighted";
    if (region != null) return "latency";
    return "simple";
  }

  /** Identity of a record set within a zone: name, type and set identifier. */
  public record Key(String name, String type, String setIdentifier) {
    @Override
    public String toString() {
      return "[name='"
          + name
          + "', type='"
          + type
          + "'"
          + (setIdentifier == null ? "" : ", set-identifier='" + setIdentifier + "'")
          + "]";
    }
  }
}
