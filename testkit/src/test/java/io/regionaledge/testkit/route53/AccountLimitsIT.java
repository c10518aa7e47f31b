package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AccountLimitType;
import software.amazon.awssdk.services.route53.model.GetAccountLimitResponse;
import software.amazon.awssdk.services.route53.model.TooManyHealthChecksException;
import software.amazon.awssdk.services.route53.model.TooManyHostedZonesException;

/**
 * GetAccountLimit reports exactly the quotas the simulator enforces, and how much of each is used.
 */
class AccountLimitsIT {
  private Route53Simulator sim;
  private Route53Client r53;

  @BeforeEach
  void start() {
    sim =
        Route53Simulator.builder()
            .probing(false)
            .healthCheckQuota(3)
            .allowNonPublicHealthCheckAddresses("192.0.2.0/24")
            .start();
    r53 = Sdk.client(sim);
  }

  @AfterEach
  void stop() {
    r53.close();
    sim.close();
  }

  private GetAccountLimitResponse limit(AccountLimitType type) {
    return r53.getAccountLimit(b -> b.type(type));
  }

  @Test
  void theHealthCheckLimitCountsEveryCheckAndIsWhereTooManyHealthChecksBegins() {
    assertThat(limit(AccountLimitType.MAX_HEALTH_CHECKS_BY_OWNER).count()).isZero();
    for (int i = 1; i <= 3; i++) {
      int n = i;
      r53.createHealthCheck(
          b ->
              b.callerReference("c" + n)
                  .healthCheckConfig(HealthChecksIT.https("192.0.2." + n, 443)));
      GetAccountLimitResponse now = limit(AccountLimitType.MAX_HEALTH_CHECKS_BY_OWNER);
      assertThat(now.count()).isEqualTo(n);
      assertThat(now.limit().value()).isEqualTo(3);
    }
    assertThatThrownBy(
            () ->
                r53.createHealthCheck(
                    b ->
                        b.callerReference("c4")
                            .healthCheckConfig(HealthChecksIT.https("192.0.2.4", 443))))
        .isInstanceOf(TooManyHealthChecksException.class);
    String first = sim.healthChecks().get(0).id();
    r53.deleteHealthCheck(b -> b.healthCheckId(first));
    assertThat(limit(AccountLimitType.MAX_HEALTH_CHECKS_BY_OWNER).count()).isEqualTo(2);
  }

  @Test
  void everyLimitTypeOfTheApiIsAnsweredNotOnlyTheTwoTheSimulatorUses() {
    sim.createHostedZone("example.com");
    GetAccountLimitResponse zones = limit(AccountLimitType.MAX_HOSTED_ZONES_BY_OWNER);
    assertThat(zones.limit().value()).isEqualTo(500);
    assertThat(zones.count()).isEqualTo(1);
    for (AccountLimitType t :
        new AccountLimitType[] {
          AccountLimitType.MAX_TRAFFIC_POLICIES_BY_OWNER,
          AccountLimitType.MAX_TRAFFIC_POLICY_INSTANCES_BY_OWNER,
          AccountLimitType.MAX_REUSABLE_DELEGATION_SETS_BY_OWNER
        }) {
      GetAccountLimitResponse r = limit(t);
      assertThat(r.limit().value()).as(t.toString()).isPositive();
      assertThat(r.count()).as(t.toString()).isZero();
    }
  }

  @Test
  void theFiveHundredAndFirstHostedZoneIsTooManyHostedZones() {
    for (int i = 0; i < 500; i++) sim.createHostedZone("z" + i + ".example.com");
    assertThatThrownBy(
            () -> r53.createHostedZone(b -> b.name("one-more.example.com").callerReference("more")))
        .isInstanceOf(TooManyHostedZonesException.class);
    assertThat(limit(AccountLimitType.MAX_HOSTED_ZONES_BY_OWNER).count()).isEqualTo(500);
  }
}
