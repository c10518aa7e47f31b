package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import java.util.List;

/**
 * The seam between the reconciler and Route53: brings the records and health checks that this
 * region owns for one RegionalEdge in line with the observed proxy instances. Implementations
 * report expected failures (throttling, conflicts, quota) in the result instead of throwing.
 */
public interface DnsSync {

  /** Desired -> plan -> apply for this region's part of the record tree. */
  DnsSyncResult sync(RegionalEdge edge, String region, List<InstanceStatus> instances);

  /**
   * Removes everything this region owns for the resource (finalizer, or region dropped from spec).
   */
  DnsSyncResult cleanup(RegionalEdge edge, String region);

  /**
   * A warning about the whole Route53 account (its health-check quota nearly used) not handed out
   * yet: each is returned once, for an event on the resource at hand.
   */
  default java.util.Optional<String> takeAccountWarning() {
    return java.util.Optional.empty();
  }

  /** Used until Route53 is configured: DnsSynced stays Unknown. */
  DnsSync DISABLED =
      new DnsSync() {
        @Override
        public DnsSyncResult sync(
            RegionalEdge edge, String region, List<InstanceStatus> instances) {
          return DnsSyncResult.unknown(
              "NotConfigured", "Route53 is not configured for this operator");
        }

        @Override
        public DnsSyncResult cleanup(RegionalEdge edge, String region) {
          return DnsSyncResult.done();
        }
      };
}
