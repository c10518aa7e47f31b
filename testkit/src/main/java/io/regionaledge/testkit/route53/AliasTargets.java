package io.regionaledge.testkit.route53;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether an alias target exists when its change is reached: a record in the same simulated zone,
 * or a name a test registered in a zone the simulator does not hold (a load balancer's canonical
 * zone and the like). Called with the zone lock held.
 */
final class AliasTargets {
  /** Alias targets outside the simulated zones that a test registered, by bare zone id. */
  private final Map<String, Set<String>> external = new HashMap<>();

  /** Load balancers a test registered: alias targets in their canonical zones. */
  final LoadBalancers loadBalancers = new LoadBalancers();

  synchronized void register(String hostedZoneId, String dnsName) {
    external
        .computeIfAbsent(ChangeStore.bareId(hostedZoneId, "/hostedzone/"), k -> new HashSet<>())
        .add(DnsNames.normalize(dnsName));
  }

  /**
   * Null when the target exists; else Route53's refusal. Zones not simulated count only if
   * registered.
   */
  synchronized String check(
      HostedZone z,
      NavigableMap<RecordSet.Key, RecordSet> work,
      RecordSet r,
      Predicate<String> simulatedZone) {
    AliasTarget a = r.alias();
    String targetZone = ChangeStore.bareId(a.hostedZoneId(), "/hostedzone/");
    String name = DnsNames.normalize(a.dnsName());
    String notFound =
        "Tried to create an alias that targets "
            + name
            + ", type "
            + r.type()
            + " in zone "
            + targetZone
            + ", but that target was not found";
    if (targetZone.equals(z.id())) {
      return HostedZoneStore.membersOf(work, name, r.type()).isEmpty() ? notFound : null;
    }
    if (simulatedZone.test(targetZone)) {
      // botocore AliasTarget.HostedZoneId: "An alias resource record set can't reference a
      // resource record set in a different hosted zone."
      return "Tried to create an alias that targets "
          + name
          + ", type "
          + r.type()
          + " in zone "
          + targetZone
          + ", but an alias resource record set can't reference a resource record set in a different hosted zone";
    }
    // Stricter than Route53 knows how to be here: an unknown target zone is only accepted when
    // a test registered the name (Route53 refuses targets that do not exist).
    if (external.getOrDefault(targetZone, Set.of()).contains(name)) return null;
    return loadBalancers.knows(name) ? loadBalancers.refusal(targetZone, name, r.type()) : notFound;
  }
}
