package io.regionaledge.operator.dns;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Requests (or record changes) per second with bursts, shared by every caller in the process.
 * Callers reserve the next free slot and sleep outside the lock, so they are served in arrival
 * order. {@link #share(double)} scales capacity and rate to this process's part of an account's
 * bucket when several operators share one account.
 */
public final class TokenBucket {
  private final double baseRate;
  private final double baseBurst;
  private final Duration maxWait;
  private double ratePerSecond;
  private double burst;
  private double tokens;
  private long lastNanos;

  public TokenBucket(double ratePerSecond, int burst, Duration maxWait) {
    this(ratePerSecond, (double) burst, maxWait);
  }

  public TokenBucket(double ratePerSecond, double burst, Duration maxWait) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "rate must be > 0 and burst >= 1, got " + ratePerSecond + "/" + burst);
    }
    this.baseRate = ratePerSecond;
    this.baseBurst = burst;
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.maxWait = maxWait;
    this.tokens = burst;
    this.lastNanos = System.nanoTime();
  }

  /** Blocks until a token is ours; throws when that would take longer than maxWait. */
  public void acquire() {
    acquire(1);
  }

  /**
   * Blocks until {@code n} tokens are ours (at most the burst: a bigger request takes the whole
   * bucket).
   */
  public void acquire(int n) {
    long waitNanos = reserve(n);
    if (waitNanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(waitNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RateLimitedException("interrupted while waiting for a Route53 request token");
      }
    }
  }

  private synchronized long reserve(int n) {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * ratePerSecond);
    lastNanos = now;
    double after = tokens - Math.min(n, burst);
    long wait = after >= 0 ? 0 : (long) (-after / ratePerSecond * 1e9);
    if (wait > maxWait.toNanos()) {
      throw new RateLimitedException(
          "Route53 request budget exhausted here: next token in "
              + Duration.ofNanos(wait).toSeconds()
              + "s (rate "
              + ratePerSecond
              + "/s)");
    }
    tokens = after;
    return wait;
  }

  /**
   * This process's share (0 &lt; fraction &lt;= 1) of the figures it was built with; burst at least
   * 1.
   */
  public synchronized void share(double fraction) {
    if (fraction <= 0 || fraction > 1) {
      throw new IllegalArgumentException("share must be in (0, 1], got " + fraction);
    }
    ratePerSecond = baseRate * fraction;
    burst = Math.max(1, baseBurst * fraction);
    tokens = Math.min(tokens, burst);
  }

  /** Tokens free now (refilled up to the burst), without taking any. */
  public synchronized double available() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * ratePerSecond);
    lastNanos = now;
    return Math.max(0, tokens);
  }

  public synchronized double ratePerSecond() {
    return ratePerSecond;
  }

  public synchronized double burst() {
    return burst;
  }

  /** Thrown when the local budget cannot serve a request in time: reported as Throttled. */
  public static final class RateLimitedException extends RuntimeException {
    public RateLimitedException(String message) {
      super(message);
    }
  }
}
