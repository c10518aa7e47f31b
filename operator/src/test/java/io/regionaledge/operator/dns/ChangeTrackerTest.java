package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.api.DnsStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChangeTrackerTest {
  final AtomicLong now = new AtomicLong();
  final List<String> asked = new ArrayList<>();
  String answer = "PENDING";
  final Route53Api api =
      new FakeRoute53Api() {
        @Override
        public ChangeStatus changeStatus(String changeId) {
          asked.add(changeId);
          return new ChangeStatus(changeId, answer);
        }
      };
  final ChangeTracker tracker = new ChangeTracker(api, Duration.ofSeconds(1), now::get);

  @Test
  void resourcesSharingABatchAskRoute53OnceAboutItsChangeAndAnInsyncAnswerIsFinal() {
    Route53Api.ChangeStatus c = new Route53Api.ChangeStatus("C1", "PENDING");
    tracker.wrote("a", c);
    tracker.wrote("b", c);
    assertThat(tracker.current("a", null).status()).isEqualTo("PENDING");
    assertThat(asked).as("just written: its answer is fresh").isEmpty();

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    answer = "INSYNC";
    assertThat(tracker.current("a", null).inSync()).isTrue();
    assertThat(tracker.current("b", null).inSync()).isTrue();
    now.addAndGet(Duration.ofHours(1).toNanos());
    assertThat(tracker.current("b", null).inSync()).isTrue();
    assertThat(asked).containsExactly("C1");
  }

  @Test
  void aRestartedOperatorAsksAboutTheChangeItsStatusRecordedAsPendingAndNotAboutAnInsyncOne() {
    DnsStatus pending = new DnsStatus();
    pending.setLastChangeId("C7");
    pending.setLastChangeStatus("PENDING");
    answer = "INSYNC";
    assertThat(tracker.current("a", pending).inSync()).isTrue();
    DnsStatus insync = new DnsStatus();
    insync.setLastChangeId("C8");
    insync.setLastChangeStatus("INSYNC");
    assertThat(tracker.current("b", insync).inSync()).isTrue();
    assertThat(tracker.current("c", null)).as("never wrote anything").isNull();
    assertThat(asked).containsExactly("C7");
  }
}
