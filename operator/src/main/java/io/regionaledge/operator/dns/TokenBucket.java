package io.regionaledge.operator.dns;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Requests per second with bursts, shared by every caller in the process. Callers reserve the next
 * free slot and sleep outside the lock, so they are served in arrival order.
 */
public final class TokenBucket {
  private final double ratePerSecond;
  private final double burst;
  private final Duration maxWait;
  private double tokens;
  private long lastNanos;

  public TokenBucket(double ratePerSecond, int burst, Duration maxWait) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1, got " + ratePerSecond + "/" + burst);
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.maxWait = maxWait;
    this.tokens = burst;
    this.lastNanos = System.nanoTime();
  }

  /** Blocks until a token is ours; throws when that would take longer than maxWait. */
  public void acquire() {
    long waitNanos = reserve();
    if (waitNanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(waitNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RateLimitedException("interrupted while waiting for a Route53 request token");
      }
    }
  }

  private synchronized long reserve() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * ratePerSecond);
    lastNanos = now;
    double after = tokens - 1;
    long wait = after >= 0 ? 0 : (long) (-after / ratePerSecond * 1e9);
    if (wait > maxWait.toNanos()) {
      throw new RateLimitedException("Route53 request budget exhausted here: next token in "
          + Duration.ofNanos(wait).toSeconds() + "s (rate " + ratePerSecond + "/s)");
    }
    tokens = after;
    return wait;
  }

  public double ratePerSecond() {
    return ratePerSecond;
  }

  /** Thrown when the local budget cannot serve a request in time: reported as Throttled. */
  public static final class RateLimitedException extends RuntimeException {
    public RateLimitedException(String message) {
      super(message);
    }
  }
}
