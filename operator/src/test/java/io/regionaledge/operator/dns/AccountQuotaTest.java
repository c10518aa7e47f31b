package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccountQuotaTest {
  final FakeRoute53Api api = new FakeRoute53Api();
  final MutableClock clock = new MutableClock();
  final AccountQuota quota = new AccountQuota(api, clock, Duration.ofMinutes(5));

  @Test
  void theFiguresAreReadAtMostOncePerRefreshPeriod() {
    assertThat(quota.refreshIfStale()).isTrue();
    clock.advance(Duration.ofMinutes(4));
    assertThat(quota.refreshIfStale()).isFalse();
    assertThat(quota.current()).isEqualTo(new Route53Api.HealthCheckQuota(0, 200));
    assertThat(api.quotaCalls).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    assertThat(quota.refreshIfStale()).isTrue();
    assertThat(api.quotaCalls).isEqualTo(2);
  }

  @Test
  void crossingNinetyPercentOfTheQuotaLeavesOneWarningAndDroppingBelowReArmsIt() {
    api.quota = new Route53Api.HealthCheckQuota(179, 200);
    quota.refreshIfStale();
    assertThat(quota.takeWarning()).isEmpty();

    api.quota = new Route53Api.HealthCheckQuota(180, 200);
    clock.advance(Duration.ofMinutes(5));
    quota.refreshIfStale();
    assertThat(quota.takeWarning())
        .hasValueSatisfying(m -> assertThat(m).contains("180 of its 200").contains("10 %"));
    assertThat(quota.takeWarning()).as("once per crossing").isEmpty();
    clock.advance(Duration.ofMinutes(5));
    quota.refreshIfStale();
    assertThat(quota.takeWarning()).as("still near: no second warning").isEmpty();

    api.quota = new Route53Api.HealthCheckQuota(150, 200);
    clock.advance(Duration.ofMinutes(5));
    quota.refreshIfStale();
    api.quota = new Route53Api.HealthCheckQuota(195, 200);
    clock.advance(Duration.ofMinutes(5));
    quota.refreshIfStale();
    assertThat(quota.takeWarning()).isPresent();
  }

  @Test
  void usedAndLimitArePublishedOnceRead() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    quota.bindTo(registry);
    assertThat(registry.get("regionaledge.route53.health.checks.used").gauge().value()).isNaN();
    api.quota = new Route53Api.HealthCheckQuota(42, 500);
    quota.refreshIfStale();
    assertThat(registry.get("regionaledge.route53.health.checks.used").gauge().value())
        .isEqualTo(42);
    assertThat(registry.get("regionaledge.route53.health.checks.limit").gauge().value())
        .isEqualTo(500);
  }
}
