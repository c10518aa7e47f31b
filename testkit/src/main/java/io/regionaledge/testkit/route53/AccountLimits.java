package io.regionaledge.testkit.route53;

import java.util.Map;

/**
 * The account's quotas: one table that the stores enforce and GetAccountLimit reports, so the two
 * can never disagree. Defaults from the Developer Guide, "Quotas" (DNSLimitations.html): 200 health
 * checks and 500 hosted zones per account, 10,000 records per hosted zone, 400 values per record,
 * 100 weighted or latency records per name and type; traffic policies 50, traffic policy instances
 * 5, reusable delegation sets 100 (none of which the simulator lets you create).
 */
final class AccountLimits {
  static final int MAX_RECORDS_PER_ZONE = 10_000;
  static final int MAX_VALUES_PER_RECORD = 400;
  static final int MAX_MEMBERS_PER_SET = 100;

  private final int healthChecks;
  private final int hostedZones;

  AccountLimits(int healthChecks, int hostedZones) {
    if (healthChecks < 0 || hostedZones < 0)
      throw new IllegalArgumentException("limits must not be negative");
    this.healthChecks = healthChecks;
    this.hostedZones = hostedZones;
  }

  int healthChecks() {
    return healthChecks;
  }

  int hostedZones() {
    return hostedZones;
  }

  /**
   * The value of one AccountLimit type (botocore AccountLimitType, the five values), or an
   * InvalidInput refusal for any other type.
   */
  long value(String type) {
    Map<String, Long> values =
        Map.of(
            "MAX_HEALTH_CHECKS_BY_OWNER", (long) healthChecks,
            "MAX_HOSTED_ZONES_BY_OWNER", (long) hostedZones,
            "MAX_TRAFFIC_POLICY_INSTANCES_BY_OWNER", 5L,
            "MAX_REUSABLE_DELEGATION_SETS_BY_OWNER", 100L,
            "MAX_TRAFFIC_POLICIES_BY_OWNER", 50L);
    Long v = values.get(type);
    if (v == null) {
      throw ApiException.invalidInput(
          "1 validation error detected: Value '"
              + type
              + "' at 'type' failed to satisfy "
              + "constraint: Member must satisfy enum value set: "
              + new java.util.TreeSet<>(values.keySet()));
    }
    return v;
  }
}
