package io.regionaledge.testkit.route53;

import java.util.List;

/**
 * What a resolver gives a client for one name: the addresses (A records, after following aliases
 * and CNAMEs), the CNAME chain, the TTL of the final answer, the record sets chosen on the way (as
 * "name type [set-identifier]"), and the rcode NOERROR or NXDOMAIN.
 */
public record Answer(
    String name,
    String rcode,
    List<String> addresses,
    List<String> cnames,
    long ttl,
    List<String> path) {
  public Answer {
    addresses = List.copyOf(addresses);
    cnames = List.copyOf(cnames);
    path = List.copyOf(path);
  }

  public boolean isEmpty() {
    return addresses.isEmpty();
  }
}
