package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdoptionWaitsTest {
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  final AdoptionWaits waits = new AdoptionWaits(clock, 1.0);
  final Rrset top =
      new Rrset(
          "fast.example.com",
          "CNAME",
          "Virginia",
          null,
          "us-east-1",
          60L,
          List.of("haproxy.example.com"),
          null,
          null);
  final Rrset member =
      new Rrset(
          "haproxy.example.com",
          "CNAME",
          "a",
          1L,
          null,
          60L,
          List.of("vm-a.example.com"),
          null,
          "hc");
  final Rrset vm = Rrset.simple("vm-a.example.com", "A", 60, "52.0.0.9");

  @Test
  void theWaitIsTheLongestTtlPlusRoute53sPropagation() {
    assertThat(waits.waitFor(300)).isEqualTo(Duration.ofSeconds(360));
    assertThat(new AdoptionWaits(clock, 0.01).waitFor(60)).isEqualTo(Duration.ofMillis(1200));
  }

  @Test
  void aNameStillPointedAtStaysAndItsClockStartsOnlyWhenNothingPointsAtIt() {
    Duration wait = waits.waitFor(60);
    var first = waits.deferred("k", List.of(member, vm), List.of(top, member, vm), wait);
    assertThat(first.keys()).containsExactlyInAnyOrder(member.key(), vm.key());

    // the switch removed the old latency record: the member's clock starts, the VM's does not
    var second = waits.deferred("k", List.of(member, vm), List.of(member, vm), wait);
    assertThat(second.keys()).containsExactlyInAnyOrder(member.key(), vm.key());
    assertThat(second.retryAfter()).isEqualTo(wait);

    now = now.plus(wait);
    var third = waits.deferred("k", List.of(member, vm), List.of(member, vm), wait);
    assertThat(third.keys())
        .as("the member may go; the VM record still has a referrer")
        .containsExactly(vm.key());

    var fourth = waits.deferred("k", List.of(vm), List.of(vm), wait);
    assertThat(fourth.keys()).containsExactly(vm.key());
    now = now.plus(wait);
    assertThat(waits.deferred("k", List.of(vm), List.of(vm), wait).keys()).isEmpty();
  }
}
