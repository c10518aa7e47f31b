package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Driven by EmbeddedChannel's own clock (advanceTimeBy), so no real time passes and nothing is
 * timing-dependent.
 */
class BackendTimeoutTest {
  private final EmbeddedChannel client = new EmbeddedChannel();
  private final AtomicInteger expired = new AtomicInteger();
  private boolean busy = true;
  private final BackendTimeout timeout =
      new BackendTimeout(
          client.eventLoop(), TimeUnit.SECONDS.toNanos(30), () -> busy, expired::incrementAndGet);

  private void advance(long seconds) {
    client.advanceTimeBy(seconds, TimeUnit.SECONDS);
    client.runScheduledPendingTasks();
  }

  @Test
  void aBackendThatMakesNoProgressWithinTheTimeoutExpires() {
    timeout.waiting();
    advance(29);
    assertThat(expired).hasValue(0);
    advance(1);
    assertThat(expired).hasValue(1);
    assertThat(timeout.isWaiting()).isFalse();
  }

  @Test
  void progressMovesTheDeadlineSoASlowButSteadyBackendNeverExpires() {
    timeout.waiting();
    for (int i = 0; i < 10; i++) {
      advance(20);
      timeout.waiting(); // bytes arrived, and the proxy waits for the next ones
    }
    assertThat(expired).hasValue(0);
    advance(30);
    assertThat(expired).hasValue(1);
  }

  @Test
  void timeSpentWaitingOnTheClientDoesNotCount() {
    timeout.waiting();
    advance(20);
    timeout.idle(); // the proxy now waits for the client to take what it wrote
    advance(60);
    assertThat(expired).hasValue(0);
    timeout.waiting();
    advance(29);
    assertThat(expired).hasValue(0);
    advance(1);
    assertThat(expired).hasValue(1);
  }

  @Test
  void aClosedTimeoutNeverFires() {
    timeout.waiting();
    timeout.close();
    advance(60);
    assertThat(expired).hasValue(0);
    timeout.waiting();
    advance(60);
    assertThat(expired).hasValue(0);
  }
}
