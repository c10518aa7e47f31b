package io.regionaledge.testkit.route53;

import java.util.List;
import java.util.Optional;

/** The contents of a hosted zone at one instant, in Route53's listing order. */
public record ZoneSnapshot(HostedZone zone, List<RecordSet> records) {
  public ZoneSnapshot {
    records = List.copyOf(records);
  }

  /** The record sets at {@code name} (any case, with or without trailing dot) and {@code type}. */
  public List<RecordSet> at(String name, String type) {
    String n = DnsNames.normalize(name);
    return records.stream().filter(r -> r.name().equals(n) && r.type().equals(type)).toList();
  }

  public Optional<RecordSet> find(String name, String type, String setIdentifier) {
    return at(name, type).stream()
        .filter(r -> java.util.Objects.equals(r.setIdentifier(), setIdentifier))
        .findFirst();
  }

  /** Records other than the zone's own apex SOA and NS. */
  public List<RecordSet> userRecords() {
    return records.stream()
        .filter(
            r ->
                !(r.name().equals(zone.name())
                    && (r.type().equals("SOA") || r.type().equals("NS"))))
        .toList();
  }
}
