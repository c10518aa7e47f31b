package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.InstanceStatus;
import java.util.List;
import java.util.Set;

/**
 * The shape of one region's record tree, chosen by the exposure: per instance (HostPort, or a load
 * balancer with IP addresses) or one alias to a hostname-only load balancer. A pure function of the
 * resource, the observed instances and the ownership record; its result becomes records through
 * {@link DesiredRecords#records}.
 */
public interface RecordTree {

  /**
   * @param othersServe another region's latency record answers for the hostname, so ours may be
   *     withdrawn when this region has nothing ready
   */
  DesiredRecords.Desired desired(
      Target t,
      List<InstanceStatus> instances,
      Registry current,
      Set<Integer> foreignSlots,
      PublicAddresses addresses,
      boolean othersServe);

  /** A weighted member, an A record and a Route53 health check per instance address. */
  static RecordTree perInstance() {
    return DesiredRecords::slots;
  }

  /** An alias to the load balancer when it has only a hostname; per address when it reports IPs. */
  static RecordTree loadBalancer() {
    return LoadBalancerTree::desired;
  }
}
