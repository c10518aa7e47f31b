package io.regionaledge.testkit.route53;

/**
 * GetAccountLimit: the quota the stores enforce ({@link AccountLimits}) and how much of it is used.
 */
final class AccountActions {
  private final AccountLimits limits;
  private final HostedZoneStore zones;
  private final HealthCheckStore checks;

  AccountActions(AccountLimits limits, HostedZoneStore zones, HealthCheckStore checks) {
    this.limits = limits;
    this.zones = zones;
    this.checks = checks;
  }

  void register(Routes r) {
    r.add("GET", "accountlimit/{Type}", "GetAccountLimit", this::accountLimit);
  }

  /** botocore GetAccountLimitResponse: Limit{Type, Value} and Count, the current use. */
  private Reply accountLimit(Call c) {
    String type = c.param("Type");
    long value = limits.value(type);
    long count =
        switch (type) {
          case "MAX_HEALTH_CHECKS_BY_OWNER" -> checks.count();
          case "MAX_HOSTED_ZONES_BY_OWNER" -> zones.zones().size();
          default -> 0; // traffic policies and reusable delegation sets cannot be created here
        };
    return Reply.ok(
        new Xml.Writer()
            .openRoot("GetAccountLimitResponse")
            .open("Limit")
            .el("Type", type)
            .el("Value", value)
            .close("Limit")
            .el("Count", count)
            .close("GetAccountLimitResponse"));
  }
}
