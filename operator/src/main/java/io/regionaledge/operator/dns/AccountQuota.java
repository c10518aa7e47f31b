package io.regionaledge.operator.dns;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's health checks in use and its quota (GetAccountLimit MAX_HEALTH_CHECKS_BY_OWNER;
 * default 200, raised in Service Quotas in us-east-1), read at most once per {@code maxAge} through
 * the same client and budget as every other call, and published on /metrics. Crossing into the last
 * 10 % of the quota leaves one warning to hand out ({@link #takeWarning()}); leaving it again
 * re-arms it.
 */
public final class AccountQuota implements MeterBinder {
  private static final Logger LOG = LoggerFactory.getLogger(AccountQuota.class);

  /** Warn from this share of the quota on: "within 10 %". */
  static final double NEAR = 0.9;

  private final Route53Api api;
  private final Clock clock;
  private final Duration maxAge;
  private volatile Route53Api.HealthCheckQuota last;
  private volatile Instant readAt;
  private boolean near;
  private final AtomicReference<String> warning = new AtomicReference<>();

  public AccountQuota(Route53Api api, Clock clock, Duration maxAge) {
    this.api = api;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** The last figures read, if any. */
  public Optional<Route53Api.HealthCheckQuota> cached() {
    return Optional.ofNullable(last);
  }

  /** The cached figures, or one GetAccountLimit now when none were read yet. */
  public Route53Api.HealthCheckQuota current() {
    Route53Api.HealthCheckQuota q = last;
    return q != null ? q : read();
  }

  /**
   * One GetAccountLimit when the figures are older than {@code maxAge}; returns whether it called.
   */
  public boolean refreshIfStale() {
    Instant at = readAt;
    if (at != null && at.plus(maxAge).isAfter(clock.instant())) {
      return false;
    }
    try {
      read();
    } catch (RuntimeException e) {
      readAt = clock.instant(); // retried after maxAge, not on every turn
      LOG.debug("GetAccountLimit failed: {}", e.toString());
    }
    return true;
  }

  private Route53Api.HealthCheckQuota read() {
    Route53Api.HealthCheckQuota q = api.healthCheckQuota();
    last = q;
    readAt = clock.instant();
    judge(q);
    return q;
  }

  private synchronized void judge(Route53Api.HealthCheckQuota q) {
    boolean nowNear = q.limit() > 0 && q.used() >= NEAR * q.limit();
    if (nowNear && !near) {
      String msg =
          "the AWS account uses "
              + q.used()
              + " of its "
              + q.limit()
              + " Route53 health checks (within 10 %"
              + " of the quota): new instances get no DNS once it is full; raise MAX_HEALTH_CHECKS_BY_OWNER in"
              + " Service Quotas (us-east-1) or free checks";
      LOG.warn(msg);
      warning.set(msg);
    } else if (!nowNear && near) {
      warning.set(null);
    }
    near = nowNear;
  }

  /** The near-quota warning not handed out yet, once per crossing. */
  public Optional<String> takeWarning() {
    return Optional.ofNullable(warning.getAndSet(null));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(
            "regionaledge.route53.health.checks.used",
            this,
            a -> a.last == null ? Double.NaN : a.last.used())
        .description(
            "Route53 health checks of the whole AWS account in use (GetAccountLimit, cached)")
        .register(registry);
    Gauge.builder(
            "regionaledge.route53.health.checks.limit",
            this,
            a -> a.last == null ? Double.NaN : a.last.limit())
        .description(
            "The AWS account's Route53 health-check quota (GetAccountLimit MAX_HEALTH_CHECKS_BY_OWNER)")
        .register(registry);
  }
}
