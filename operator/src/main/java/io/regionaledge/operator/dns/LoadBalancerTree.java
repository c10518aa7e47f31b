package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.InstanceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The record tree of a region behind one load balancer. An AWS NLB or ALB reports only a hostname
 * (EKS's {@code status.loadBalancer.ingress[].hostname}), and Route53 routes to it with an alias:
 *
 * <pre>
 *   H          A alias, latency, SetIdentifier R -> proxy-R-H, EvaluateTargetHealth
 *   proxy-R-H  A alias -> the load balancer's DNS name (ALB/Classic: dualstack.), its region's
 *              canonical hosted zone, EvaluateTargetHealth
 * </pre>
 *
 * No per-instance records and no Route53 health checks: Route53 takes the load balancer's health
 * from its target groups ("Do not create Route 53 health checks for the EC2 instances that you
 * register with an ELB load balancer", routing-to-elb-load-balancer.html). A load balancer that
 * reports IP addresses keeps the per-address tree ({@link DesiredRecords#slots}).
 *
 * <p>Readiness still steers: with no ready pod the latency record is withdrawn while another region
 * answers for H, and kept otherwise (never the last one; the target health decides).
 */
final class LoadBalancerTree {
  private LoadBalancerTree() {}

  static DesiredRecords.Desired desired(
      Target t,
      List<InstanceStatus> instances,
      Registry current,
      Set<Integer> foreignSlots,
      PublicAddresses addresses,
      boolean othersServe) {
    List<InstanceStatus> all = instances == null ? List.of() : instances;
    Optional<String> hostname =
        all.stream()
            .map(InstanceStatus::getPublicAddress)
            .filter(a -> a != null && !a.isBlank() && !DesiredRecords.isIpv4(a))
            .findFirst();
    if (hostname.isEmpty()) {
      return DesiredRecords.slots(t, all, current, foreignSlots, addresses, othersServe);
    }
    List<String> skipped = new ArrayList<>();
    Optional<ElbNames.LoadBalancer> lb = ElbNames.parse(hostname.get());
    if (lb.isEmpty()) {
      skipped.add(
          "load balancer "
              + hostname.get()
              + " (not an AWS load balancer name, <name>.elb.<region>.amazonaws.com"
              + " or <name>.<region>.elb.amazonaws.com: Route53 can alias only to those)");
      return new DesiredRecords.Desired(List.of(), false, "nothing published", skipped);
    }
    List<InstanceStatus> behind =
        all.stream().filter(i -> hostname.get().equals(i.getPublicAddress())).toList();
    all.stream()
        .filter(i -> !behind.contains(i))
        .forEach(i -> skipped.add(i.getPod() + " (no public address)"));
    int ready = (int) behind.stream().filter(i -> Boolean.TRUE.equals(i.getReady())).count();
    var alias = new DesiredRecords.LoadBalancerAlias(lb.get(), ready, behind.size());
    if (!t.drain() && ready > 0) {
      return new DesiredRecords.Desired(List.of(), true, null, skipped, false, alias);
    }
    String why = t.drain() ? "region drained" : "no ready pod behind the load balancer";
    if (othersServe) {
      return new DesiredRecords.Desired(
          List.of(), false, why + ": latency record withdrawn", skipped, false, alias);
    }
    return new DesiredRecords.Desired(
        List.of(),
        true,
        why
            + ", and no other region answers for "
            + t.hostname()
            + ": latency record kept (the load balancer's target health decides, failing open)",
        skipped,
        true,
        alias);
  }
}
