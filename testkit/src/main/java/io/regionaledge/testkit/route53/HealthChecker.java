package io.regionaledge.testkit.route53;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every health check on a small scheduler at a test-scaled interval, as Route53's checkers in
 * every {@link CheckerRegions checker region} do. One real probe per interval stands for all of
 * them, except for regions a test blocked at the endpoint (a security group without their ranges):
 * those time out. Each checker flips its view after FailureThreshold consecutive results that
 * disagree with it (Route53's rule; the first success of a new check counts at once), and the check
 * is healthy while more than 18% of the checkers see it healthy.
 */
final class HealthChecker implements HealthCheckStore.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

  /** One checker region's view of one check. */
  private static final class View {
    HealthStatus status = HealthStatus.UNKNOWN;
    int streak; // consecutive results disagreeing with the status
    ProbeResult last;
    ProbeResult lastFailure;
  }

  private static final class State {
    volatile HealthCheck check;
    volatile HealthStatus status = HealthStatus.UNKNOWN;
    volatile ProbeResult last;
    final Map<String, View> views = new LinkedHashMap<>();
    ScheduledFuture<?> task;
    Duration interval;

    State() {
      CheckerRegions.ALL.forEach(c -> views.put(c.region(), new View()));
    }
  }

  /** One checker's last report on a check. */
  record Observation(String region, String ipAddress, ProbeResult result) {}

  private final Prober prober;
  private final Function<HealthCheckConfig, Duration> interval;
  private final boolean probing;
  private final boolean unknownIsHealthy;
  private final ScheduledExecutorService scheduler;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Map<String, Boolean> forced = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> blocked = new ConcurrentHashMap<>();

  HealthChecker(
      Prober prober,
      Function<HealthCheckConfig, Duration> interval,
      int threads,
      boolean probing,
      boolean unknownIsHealthy) {
    this.prober = prober;
    this.unknownIsHealthy = unknownIsHealthy;
    this.interval = interval;
    this.probing = probing;
    AtomicInteger n = new AtomicInteger();
    this.scheduler =
        Executors.newScheduledThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "route53-sim-health-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void healthCheckChanged(HealthCheck check) {
    State s = states.computeIfAbsent(check.id(), id -> new State());
    synchronized (s) {
      s.check = check;
      Duration every = interval.apply(check.config());
      if (probing && (s.task == null || !every.equals(s.interval))) {
        if (s.task != null) s.task.cancel(false);
        s.interval = every;
        s.task =
            scheduler.scheduleWithFixedDelay(
                () -> run(check.id()), 0, every.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  @Override
  public void healthCheckDeleted(String id) {
    State s = states.remove(id);
    forced.remove(id);
    if (s != null) {
      synchronized (s) {
        if (s.task != null) s.task.cancel(false);
      }
    }
  }

  /**
   * The endpoint (a check's IPAddress, or its FQDN) drops requests from these checker regions,
   * until unblocked.
   */
  void block(String endpoint, Set<String> regions) {
    for (String r : regions) {
      if (!CheckerRegions.known(r)) {
        throw new IllegalArgumentException(
            "no Route53 checker region "
                + r
                + "; they are "
                + CheckerRegions.ALL.stream().map(CheckerRegions.Checker::region).toList());
      }
    }
    blocked.put(endpoint, Set.copyOf(regions));
  }

  void unblock(String endpoint) {
    blocked.remove(endpoint);
  }

  private void run(String id) {
    State s = states.get(id);
    if (s == null) return;
    HealthCheckConfig config = s.check.config();
    ProbeResult r = prober.probe(config);
    String endpoint =
        config.ipAddress() != null ? config.ipAddress() : config.fullyQualifiedDomainName();
    Set<String> dropped = blocked.getOrDefault(endpoint, Set.of());
    synchronized (s) {
      s.last = r;
      int healthy = 0, unknown = 0;
      for (Map.Entry<String, View> e : s.views.entrySet()) {
        ProbeResult seen = dropped.contains(e.getKey()) ? Prober.timedOut(r.checkedAt()) : r;
        View v = e.getValue();
        observe(v, seen, config.failureThreshold());
        if (v.status == HealthStatus.HEALTHY) healthy++;
        if (v.status == HealthStatus.UNKNOWN) unknown++;
      }
      int n = s.views.size();
      HealthStatus overall =
          CheckerRegions.enoughHealthy(healthy, n)
              ? HealthStatus.HEALTHY
              : CheckerRegions.enoughHealthy(healthy + unknown, n)
                  ? s.status
                  : HealthStatus.UNHEALTHY;
      if (overall != s.status) LOG.debug("health check {} -> {} ({})", id, overall, r.report());
      s.status = overall;
    }
  }

  private static void observe(View v, ProbeResult r, int threshold) {
    v.last = r;
    if (!r.success()) v.lastFailure = r;
    HealthStatus observed = r.success() ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
    if (observed == v.status) {
      v.streak = 0;
    } else if (v.status == HealthStatus.UNKNOWN && r.success()) {
      v.status = HealthStatus.HEALTHY;
      v.streak = 0;
    } else if (++v.streak >= threshold) {
      v.status = observed;
      v.streak = 0;
    }
  }

  /** The checker's view before Inverted/Disabled are applied. */
  HealthStatus rawStatus(String id) {
    State s = states.get(id);
    return s == null ? HealthStatus.UNKNOWN : s.status;
  }

  Optional<ProbeResult> lastResult(String id) {
    State s = states.get(id);
    return s == null ? Optional.empty() : Optional.ofNullable(s.last);
  }

  /**
   * Every checker region's last report (GetHealthCheckStatus), or its last failure; regions with
   * none are left out.
   */
  List<Observation> observations(String id, boolean failuresOnly) {
    State s = states.get(id);
    List<Observation> out = new ArrayList<>();
    if (s == null) return out;
    synchronized (s) {
      for (CheckerRegions.Checker c : CheckerRegions.ALL) {
        View v = s.views.get(c.region());
        ProbeResult r = failuresOnly ? v.lastFailure : v.last;
        if (r != null) out.add(new Observation(c.region(), c.ipAddress(), r));
      }
    }
    return out;
  }

  /**
   * Whether routing treats the check as healthy: a forced value wins; a disabled check is healthy;
   * inverted flips; UNKNOWN counts as healthy (unless configured otherwise); a missing (deleted)
   * check as unhealthy.
   */
  boolean isHealthy(String id) {
    Boolean f = forced.get(id);
    if (f != null) return f;
    State s = states.get(id);
    if (s == null) return false;
    HealthCheckConfig c = s.check.config();
    boolean healthy =
        c.disabled()
            || s.status == HealthStatus.HEALTHY
            || (s.status == HealthStatus.UNKNOWN && unknownIsHealthy);
    return c.inverted() != healthy;
  }

  void force(String id, boolean healthy) {
    forced.put(id, healthy);
  }

  void unforce(String id) {
    forced.remove(id);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS))
        LOG.warn("health checker threads did not stop in 5 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
