package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallTimeTest {
  @Test
  void
      callsWithinEveryBurstTakeNoTimeAndCreateHealthCheckBeyondItsBurstRefillsAtHalfACallASecond() {
    assertThat(
            CallTime.estimate(
                Map.of("CreateHealthCheck", 40L, "ChangeResourceRecordSets", 1L),
                6,
                Route53Limits.route53(),
                1))
        .isEqualTo(Duration.ZERO);
    // every call also takes an account token: the 51st waits a tenth of a second (10/s)
    assertThat(
            CallTime.estimate(
                Map.of("CreateHealthCheck", 50L, "ChangeResourceRecordSets", 1L),
                6,
                Route53Limits.route53(),
                1))
        .isEqualTo(Duration.ofMillis(100));
    // 60 creates: 50 from the burst, 10 more at 0.5/s
    assertThat(CallTime.estimate(Map.of("CreateHealthCheck", 60L), 0, Route53Limits.route53(), 1))
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void anOperatorSharingTheAccountWithAnotherHasHalfOfEveryBurstAndRate() {
    // 60 creates at 1/2: 25 from the burst, 35 more at 0.25/s
    assertThat(CallTime.estimate(Map.of("CreateHealthCheck", 60L), 0, Route53Limits.route53(), 2))
        .isEqualTo(Duration.ofSeconds(140));
    // 100 calls of unlisted actions: the account bucket (25 burst, 5/s) binds
    assertThat(
            CallTime.estimate(
                Map.of("ListResourceRecordSets", 100L), 0, Route53Limits.route53(), 2))
        .isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void anUpsertTakesTwoChangeTokens() {
    assertThat(
            CallTime.changeTokens(
                java.util.List.of(
                    Change.upsert(Rrset.simple("a.example.com", "A", 60, "192.0.2.1")),
                    Change.create(Rrset.simple("b.example.com", "A", 60, "192.0.2.2")))))
        .isEqualTo(3);
  }
}
