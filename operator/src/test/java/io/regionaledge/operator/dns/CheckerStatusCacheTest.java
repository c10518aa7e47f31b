package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.dns.Route53Api.CheckerObservation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckerStatusCacheTest {
  static final String BLOCKED =
      "Failure: Connection timed out. The endpoint or the internet connection is down,"
          + " or requests are being blocked by your firewall.";
  final FakeRoute53Api api = new FakeRoute53Api();
  final MutableClock clock = new MutableClock();
  final CheckerStatusCache cache = new CheckerStatusCache(api, clock, Duration.ofMinutes(1));

  static List<CheckerObservation> observed(int healthy, String... failing) {
    List<CheckerObservation> out = new ArrayList<>();
    for (int i = 0; i < healthy; i++) {
      out.add(new CheckerObservation("healthy-" + i, "Success: HTTP Status Code 200, OK"));
    }
    for (String region : failing) {
      out.add(new CheckerObservation(region, BLOCKED));
    }
    return out;
  }

  @Test
  void eachReadTakesTheCheckSeenLongestAgoAndNoneIsReadTwiceWithinTheRefreshPeriod() {
    cache.watch("shop/fast|us-east-1", List.of("a", "b"));
    cache.watch("shop/slow|us-east-1", List.of("c"));
    for (int i = 0; i < 3; i++) {
      assertThat(cache.refreshOne()).isTrue();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(api.statusCalls).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(cache.refreshOne()).as("every view is younger than a minute").isFalse();

    clock.advance(Duration.ofSeconds(57)); // "a" is now a minute old, "b" and "c" not yet
    assertThat(cache.refreshOne()).isTrue();
    assertThat(cache.refreshOne()).isFalse();
    assertThat(api.statusCalls).containsExactly("a", "b", "c", "a");
  }

  @Test
  void theSummaryCountsTheCheckerRegionsThatSeeTheCheckHealthyAndNamesTheFirstFailure() {
    api.observations.put("a", observed(5, "sa-east-1", "ap-southeast-1", "ap-southeast-2"));
    api.observations.put("b", observed(8));
    cache.watch("shop/fast|us-east-1", List.of("a", "b"));
    cache.refreshOne();
    cache.refreshOne();

    assertThat(cache.summary("a"))
        .hasValueSatisfying(
            s -> {
              assertThat(s.fraction()).isEqualTo("5/8");
              assertThat(s.failure())
                  .isEqualTo("ap-southeast-1: " + BLOCKED + " (and 2 more checker regions)");
            });
    assertThat(cache.summary("b"))
        .hasValueSatisfying(
            s -> {
              assertThat(s.fraction()).isEqualTo("8/8");
              assertThat(s.failure()).isNull();
            });
  }

  @Test
  void aCheckNoLongerHeldIsNeverReadAgainAndItsViewIsDropped() {
    cache.watch("shop/fast|us-east-1", List.of("a", "b"));
    cache.refreshOne();
    cache.refreshOne();
    cache.watch("shop/fast|us-east-1", List.of("b"));
    clock.advance(Duration.ofMinutes(2));
    assertThat(cache.refreshOne()).isTrue();
    assertThat(cache.refreshOne()).isFalse();
    assertThat(api.statusCalls).containsExactly("a", "b", "b");
    assertThat(cache.summary("a")).isEmpty();

    cache.forget("shop/fast|us-east-1");
    clock.advance(Duration.ofMinutes(2));
    assertThat(cache.refreshOne()).isFalse();
    assertThat(cache.watchedChecks()).isZero();
  }

  @Test
  void aFailedReadKeepsThePreviousViewAndWaitsItsTurn() {
    FakeRoute53Api failing =
        new FakeRoute53Api() {
          @Override
          public List<CheckerObservation> healthCheckStatus(String id) {
            statusCalls.add(id);
            if (statusCalls.size() > 1) {
              throw new IllegalStateException("Throttling");
            }
            return observed(8);
          }
        };
    CheckerStatusCache c = new CheckerStatusCache(failing, clock, Duration.ofMinutes(1));
    c.watch("k", List.of("a"));
    c.refreshOne();
    clock.advance(Duration.ofMinutes(1));
    assertThat(c.refreshOne()).isTrue();
    assertThat(c.summary("a")).hasValueSatisfying(s -> assertThat(s.fraction()).isEqualTo("8/8"));
    assertThat(c.refreshOne()).as("not retried at once").isFalse();
  }
}
