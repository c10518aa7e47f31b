package io.regionaledge.testkit.route53;

import java.time.Clock;
import java.time.Duration;

/**
 * The simulated AWS account: one store per resource type (hosted zones with their records, health
 * checks, changes), the quotas they enforce, and the registered alias targets, wired together.
 * Zones and health checks share one lock, so a batch referring to checks is atomic against them.
 */
final class Route53Account {
  final AccountLimits limits;
  final ChangeStore changes;
  final AliasTargets aliasTargets = new AliasTargets();
  final HostedZoneStore zones;
  final HealthCheckStore healthChecks;

  Route53Account(
      Clock clock,
      Duration insyncDelay,
      AccountLimits limits,
      boolean refuseDeletingHealthChecksInUse,
      AddressRanges addresses) {
    Object lock = new Object();
    this.limits = limits;
    this.changes = new ChangeStore(clock, insyncDelay);
    this.zones = new HostedZoneStore(lock, changes, limits, aliasTargets);
    this.healthChecks =
        new HealthCheckStore(
            lock, limits, addresses, refuseDeletingHealthChecksInUse, zones::referrer);
    zones.healthChecks(healthChecks::exists);
  }

  /**
   * An account with Route53's default quotas (500 zones) and this health-check quota; every address
   * checkable refused.
   */
  static Route53Account of(
      Clock clock, Duration insyncDelay, int healthCheckQuota, boolean refuseInUse) {
    return new Route53Account(
        clock,
        insyncDelay,
        new AccountLimits(healthCheckQuota, 500),
        refuseInUse,
        new AddressRanges(java.util.List.of()));
  }

  /** The route table over this account, the checkers answering GetHealthCheckStatus. */
  Routes routes(HealthChecker health) {
    Routes r = new Routes();
    new HostedZoneActions(zones, changes).register(r);
    new RecordSetActions(zones, changes).register(r);
    new HealthCheckActions(healthChecks, health).register(r);
    new TagActions(zones, healthChecks).register(r);
    new AccountActions(limits, zones, healthChecks).register(r);
    return r;
  }
}
