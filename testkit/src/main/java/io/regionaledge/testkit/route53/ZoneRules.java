package io.regionaledge.testkit.route53;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * Route53's rules across the record sets of a zone, checked right after one change of a batch is
 * applied to the working state (so in batch order), each with Route53's message and its source.
 */
final class ZoneRules {
  /** Looks an alias target up; null when it exists, else the refusal. */
  interface AliasLookup {
    String check(HostedZone z, NavigableMap<RecordSet.Key, RecordSet> work, RecordSet alias);
  }

  private ZoneRules() {}

  /**
   * What is wrong with the zone now that {@code r} was written into {@code work}; empty when
   * nothing.
   */
  static List<String> afterWrite(
      HostedZone z, NavigableMap<RecordSet.Key, RecordSet> work, RecordSet r, AliasLookup aliases) {
    List<String> out = new ArrayList<>();
    String name = r.name();
    String type = r.type();
    List<RecordSet> members = HostedZoneStore.membersOf(work, name, type);
    List<RecordSet> others = members.stream().filter(m -> !m.key().equals(r.key())).toList();
    if (!others.isEmpty()) {
      // external-dns#4345: "... cannot be created as a non-weighted set exists with the same name
      // and type."
      RecordSet simple =
          members.stream().filter(m -> m.setIdentifier() == null).findFirst().orElse(null);
      if (simple != null) {
        RecordSet routed =
            members.stream().filter(m -> m.setIdentifier() != null).findFirst().orElseThrow();
        out.add(
            "RRSet with DNS name "
                + name
                + ", type "
                + type
                + ", SetIdentifier "
                + routed.setIdentifier()
                + " cannot be created as a non-"
                + routed.routing()
                + " set exists with the same name and type.");
        return out;
      }
      Set<String> policies = new TreeSet<>();
      members.forEach(m -> policies.add(m.routing()));
      if (policies.size() > 1) {
        out.add(
            "RRSet with DNS name "
                + name
                + ", type "
                + type
                + ", SetIdentifier "
                + r.setIdentifier()
                + " cannot be created as a non-"
                + r.routing()
                + " set exists with the same name and type.");
      }
      // terraform-provider-aws#1668: one latency record per Region for a name and type
      if (r.region() != null && others.stream().anyMatch(m -> r.region().equals(m.region()))) {
        out.add(
            "RRSet with DNS name "
                + name
                + ", type "
                + type
                + ", SetIdentifier "
                + r.setIdentifier()
                + ", and Region Name="
                + r.region()
                + " cannot be created because a latency RRSet with the same "
                + "name, type and region already exists.");
      }
      // aws-sdk-go-v2#518, terraform-provider-aws#1961: every member of a weighted set has one TTL
      if (r.weight() != null
          && others.stream().anyMatch(m -> !java.util.Objects.equals(m.ttl(), r.ttl()))) {
        out.add(
            "RRSet with DNS name "
                + name
                + " and type "
                + type
                + ", SetIdentifier "
                + r.setIdentifier()
                + " cannot be created as weighted sets must contain the same TTL.");
      }
      // quota: 100 weighted or latency records per name and type (DNSLimitations)
      if (members.size() > AccountLimits.MAX_MEMBERS_PER_SET) {
        out.add(
            "Tried to create resource record set [name='"
                + name
                + "', type='"
                + type
                + "'] with "
                + members.size()
                + " members, but the limit is "
                + AccountLimits.MAX_MEMBERS_PER_SET
                + " resource record sets with the same name and type.");
      }
    }
    Set<RecordSet.Key> atName = HostedZoneStore.keysAt(work, name);
    if (type.equals("CNAME") && atName.stream().anyMatch(k -> !k.type().equals("CNAME"))) {
      // Particle-Cloud#113, roadworker#89
      out.add(
          "RRSet of type CNAME with DNS name "
              + name
              + " is not permitted as it conflicts with other records with the same DNS name in zone "
              + z.name());
    } else if (!type.equals("CNAME") && atName.stream().anyMatch(k -> k.type().equals("CNAME"))) {
      // zinc#178
      out.add(
          "RRSet of type "
              + type
              + " with DNS name "
              + name
              + " is not permitted because a conflicting RRSet "
              + "of type CNAME with the same DNS name already exists in zone "
              + z.name());
    }
    if (r.isAlias()) {
      // DNSControl#937, cli53#227: the target must exist when the alias's change is reached
      String problem = aliases.check(z, work, r);
      if (problem != null) out.add(problem);
    }
    return out;
  }
}
