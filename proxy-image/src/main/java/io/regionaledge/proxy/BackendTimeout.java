package io.regionaledge.proxy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * haproxy's {@code timeout server} for one client connection or stream: while the proxy waits on
 * the backend (a write to it not yet taken, or the response — its start or its next bytes — once
 * the request was sent), the backend must make progress within the timeout. Each progress or new
 * wait moves the deadline; one timer, re-armed at most one timeout ahead and kept only while
 * exchanges continue, checks it, so a keep-alive request costs no timer scheduling (a measured cost
 * at 25k req/s) and every deadline is still met. Event-loop confined; the clock is the executor's
 * ticker (the system clock on a real loop, a controllable one in EmbeddedChannel).
 */
final class BackendTimeout {
  private final EventExecutor executor;
  private final long timeoutNanos;
  private final BooleanSupplier keepArmed;
  private final Runnable expired;
  private ScheduledFuture<?> timer;
  private boolean waiting;
  private long deadline;
  private boolean closed;

  /**
   * {@code expired} runs when the backend made no progress in time; {@code keepArmed}: keep the
   * timer for the next wait.
   */
  BackendTimeout(
      EventExecutor executor, long timeoutNanos, BooleanSupplier keepArmed, Runnable expired) {
    this.executor = executor;
    this.timeoutNanos = timeoutNanos;
    this.keepArmed = keepArmed;
    this.expired = expired;
  }

  /**
   * Waiting on the backend from now on (a new wait, or progress in the current one): a full timeout
   * from now.
   */
  void waiting() {
    if (closed) {
      return;
    }
    waiting = true;
    deadline = executor.ticker().nanoTime() + timeoutNanos;
    if (timer == null) {
      timer = executor.schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Nothing is awaited from the backend (the proxy waits on the client, or the exchange ended). */
  void idle() {
    waiting = false;
  }

  boolean isWaiting() {
    return waiting;
  }

  /** The connection or stream is gone: no more checks. */
  void close() {
    closed = true;
    waiting = false;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void check() {
    timer = null;
    if (closed) {
      return;
    }
    long now = executor.ticker().nanoTime();
    if (waiting && now - deadline >= 0) {
      waiting = false;
      expired.run();
      return;
    }
    if (waiting || keepArmed.getAsBoolean()) {
      timer =
          executor.schedule(
              this::check,
              waiting ? Math.min(deadline - now, timeoutNanos) : timeoutNanos,
              TimeUnit.NANOSECONDS);
    }
  }
}
