package io.regionaledge.operator;

import io.regionaledge.operator.dns.Route53Options;
import java.time.Duration;
import java.util.Set;

/**
 * How one operator instance runs.
 *
 * @param region this cluster's AWS region; the operator acts only on that entry of each resource
 * @param namespaces namespaces to watch; empty means all
 * @param adminPort port of /healthz and /metrics; 0 picks a free one, negative disables the server
 * @param adminHost address the admin server binds
 * @param leaderElection whether to take a Lease before reconciling (one active replica per cluster)
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace; null means the client's namespace
 * @param identity this replica's name in the Lease
 * @param exitOnLostLeadership exit the JVM when the Lease is lost (a standalone process; never when
 *     embedded)
 * @param maxReconcileInterval the longest time between two looks at a resource, so DNS drift is
 *     found
 */
public record OperatorSettings(
    String region,
    Set<String> namespaces,
    int adminPort,
    String adminHost,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    String identity,
    boolean exitOnLostLeadership,
    Duration maxReconcileInterval) {

  public static final String DEFAULT_LEASE = "regionaledge-operator";

  /** --max-reconcile-interval's default, in the flags' syntax (picocli needs a constant string). */
  public static final int DEFAULT_MAX_RECONCILE_SECONDS = 60;

  public static final String DEFAULT_MAX_RECONCILE_INTERVAL = DEFAULT_MAX_RECONCILE_SECONDS + "s";
  private static final Duration MAX_RECONCILE_INTERVAL =
      new Route53Options.DurationConverter().convert(DEFAULT_MAX_RECONCILE_INTERVAL);

  public OperatorSettings {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region is required");
    }
    namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    adminHost = adminHost == null ? "0.0.0.0" : adminHost;
    leaseName = leaseName == null ? DEFAULT_LEASE : leaseName;
    maxReconcileInterval =
        maxReconcileInterval == null ? MAX_RECONCILE_INTERVAL : maxReconcileInterval;
  }

  /**
   * For embedding (tests, the e2e world): all namespaces, ephemeral admin port on loopback, no
   * leader election.
   */
  public static OperatorSettings embedded(String region) {
    return new OperatorSettings(
        region,
        Set.of(),
        0,
        "127.0.0.1",
        false,
        DEFAULT_LEASE,
        null,
        "regionaledge-" + region,
        false,
        MAX_RECONCILE_INTERVAL);
  }

  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(
        region,
        watched,
        adminPort,
        adminHost,
        leaderElection,
        leaseName,
        leaseNamespace,
        identity,
        exitOnLostLeadership,
        maxReconcileInterval);
  }

  public OperatorSettings withAdminPort(int port) {
    return new OperatorSettings(
        region,
        namespaces,
        port,
        adminHost,
        leaderElection,
        leaseName,
        leaseNamespace,
        identity,
        exitOnLostLeadership,
        maxReconcileInterval);
  }

  public OperatorSettings withLeaderElection(String lease, String namespace, String id) {
    return new OperatorSettings(
        region,
        namespaces,
        adminPort,
        adminHost,
        true,
        lease,
        namespace,
        id,
        exitOnLostLeadership,
        maxReconcileInterval);
  }

  public OperatorSettings withMaxReconcileInterval(Duration interval) {
    return new OperatorSettings(
        region,
        namespaces,
        adminPort,
        adminHost,
        leaderElection,
        leaseName,
        leaseNamespace,
        identity,
        exitOnLostLeadership,
        interval);
  }
}
