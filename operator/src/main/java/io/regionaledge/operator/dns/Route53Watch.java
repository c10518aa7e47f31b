package io.regionaledge.operator.dns;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.regionaledge.operator.api.DnsStatus;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Route53 itself says about the resources a sync reported, beside the sync and never in its
 * way: a background thread reads the checker view ({@link CheckerStatusCache}) paced at this
 * operator's share of the GetHealthCheckStatus bucket, and the account's health-check quota ({@link
 * AccountQuota}); {@link #observe} adds what was read, and the estimated cost of the checks, to a
 * sync's result without calling Route53.
 */
public final class Route53Watch implements MeterBinder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Route53Watch.class);
  private static final Duration IDLE_MAX = Duration.ofSeconds(1);
  private static final Duration PACE_MIN = Duration.ofMillis(20);

  private final CheckerStatusCache checkers;
  private final AccountQuota quota;
  private final RequestBudget budget;
  private final boolean awsEndpoints;

  /**
   * Per resource+region, the check of each instance address, from the last sync that reported them.
   */
  private final Map<String, Map<String, String>> checkByAddress = new ConcurrentHashMap<>();

  private Thread thread;
  private volatile boolean running;

  /**
   * @param budget the client's budget, whose GetHealthCheckStatus share paces the reads (null: 1/s)
   */
  public Route53Watch(
      Route53Api api,
      RequestBudget budget,
      Clock clock,
      Duration checkerMaxAge,
      Duration quotaMaxAge,
      boolean awsEndpoints) {
    this.checkers = new CheckerStatusCache(api, clock, checkerMaxAge);
    this.quota = new AccountQuota(api, clock, quotaMaxAge);
    this.budget = budget;
    this.awsEndpoints = awsEndpoints;
  }

  public CheckerStatusCache checkers() {
    return checkers;
  }

  public AccountQuota quota() {
    return quota;
  }

  /** Starts the background reads (idempotent). */
  public synchronized Route53Watch start() {
    if (thread == null) {
      running = true;
      thread = new Thread(this::loop, "regionaledge-route53-watch");
      thread.setDaemon(true);
      thread.start();
    }
    return this;
  }

  private void loop() {
    while (running) {
      boolean called = false;
      try {
        called = checkers.refreshOne();
        if (checkers.watchedChecks() > 0) {
          quota.refreshIfStale();
        }
      } catch (RuntimeException e) {
        LOG.debug("Route53 watch turn failed", e);
      }
      try {
        Thread.sleep(called ? pace().toMillis() : Math.min(IDLE_MAX.toMillis(), pace().toMillis()));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * One read per token of this operator's GetHealthCheckStatus share: never more than its bucket
   * refills.
   */
  Duration pace() {
    double rate = budget == null ? 1 : budget.ratePerSecond("GetHealthCheckStatus");
    long millis = (long) Math.ceil(1000 / rate);
    return Duration.ofMillis(Math.max(PACE_MIN.toMillis(), millis));
  }

  /**
   * The sync's result with Route53's view added: each instance's checker count and failure (as last
   * read), and the checks' estimated cost in the details. Registers the reported checks for the
   * background reads.
   */
  public DnsSyncResult observe(
      RegionalEdge edge, String region, List<InstanceStatus> instances, DnsSyncResult r) {
    String key = key(edge, region);
    DnsStatus details = r.details();
    if (details != null) {
      Map<String, String> byAddress = new HashMap<>();
      details
          .getHealthChecks()
          .forEach(
              h -> {
                if (h.getAddress() != null && h.getId() != null) {
                  byAddress.put(h.getAddress(), h.getId());
                }
              });
      checkByAddress.put(key, Map.copyOf(byAddress));
      checkers.watch(key, byAddress.values());
      details.setCost(
          HealthCheckCosts.estimate(edge, details.getHealthChecks().size(), awsEndpoints));
    }
    Map<String, String> known = checkByAddress.getOrDefault(key, Map.of());
    if (instances != null) {
      for (InstanceStatus i : instances) {
        checkers
            .summary(known.get(i.getPublicAddress()))
            .ifPresent(
                s -> {
                  i.setCheckersHealthy(s.fraction());
                  i.setLastFailureReason(s.failure());
                });
      }
    }
    return r;
  }

  /** The resource's region is gone from Route53: stop reading its checks. */
  public void forget(RegionalEdge edge, String region) {
    String key = key(edge, region);
    checkByAddress.remove(key);
    checkers.forget(key);
  }

  public Optional<String> takeAccountWarning() {
    return quota.takeWarning();
  }

  private static String key(RegionalEdge edge, String region) {
    return edge.getMetadata().getNamespace() + "/" + edge.getMetadata().getName() + "|" + region;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    quota.bindTo(registry);
  }

  @Override
  public synchronized void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }
}
