package io.regionaledge.testkit.route53;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
 * Runs every health check on a small scheduler at a test-scaled interval. The status flips after
 * FailureThreshold consecutive results that disagree with it (Route53's rule), except that the
 * first success of a new check makes it HEALTHY at once.
 */
final class HealthChecker implements Route53Store.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private static final class State {
        volatile HealthCheck check;
        volatile HealthStatus status = HealthStatus.UNKNOWN;
        volatile ProbeResult last;
        int streak; // consecutive results disagreeing with the status
        ScheduledFuture<?> task;
        Duration interval;
    }

    private final Prober prober;
    private final Function<HealthCheckConfig, Duration> interval;
    private final boolean probing;
    private final boolean unknownIsHealthy;
    private final ScheduledExecutorService scheduler;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, Boolean> forced = new ConcurrentHashMap<>();
    private final CheckerRegions checkers = new CheckerRegions();

    HealthChecker(Prober prober, Function<HealthCheckConfig, Duration> interval, int threads, boolean probing,
                  boolean unknownIsHealthy) {
        this.prober = prober;
        this.unknownIsHealthy = unknownIsHealthy;
        this.interval = interval;
        this.probing = probing;
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, "route53-sim-health-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override public void healthCheckChanged(HealthCheck check) {
        State s = states.computeIfAbsent(check.id(), id -> new State());
        synchronized (s) {
            s.check = check;
            Duration every = interval.apply(check.config());
            if (probing && (s.task == null || !every.equals(s.interval))) {
                if (s.task != null) s.task.cancel(false);
                s.interval = every;
                s.task = scheduler.scheduleWithFixedDelay(() -> run(check.id()), 0, every.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override public void healthCheckDeleted(String id) {
        State s = states.remove(id);
        forced.remove(id);
        if (s != null) {
            synchronized (s) {
                if (s.task != null) s.task.cancel(false);
            }
        }
    }

    private void run(String id) {
        State s = states.get(id);
        if (s == null) return;
        HealthCheckConfig config = s.check.config();
        ProbeResult r = prober.probe(config);
        synchronized (s) {
            s.last = r;
            HealthStatus observed = r.success() ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
            if (observed == s.status) {
                s.streak = 0;
            } else if (s.status == HealthStatus.UNKNOWN && r.success()) {
                s.status = HealthStatus.HEALTHY;
                s.streak = 0;
            } else if (++s.streak >= s.check.config().failureThreshold()) {
                LOG.debug("health check {} -> {} ({})", id, observed, r.report());
                s.status = observed;
                s.streak = 0;
            }
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
     * Whether routing treats the check as healthy: a forced value wins; a disabled check is
     * healthy; inverted flips; UNKNOWN counts as healthy (unless configured otherwise); a missing
     * (deleted) check as unhealthy.
     */
    boolean isHealthy(String id) {
        Boolean f = forced.get(id);
        if (f != null) return f;
        State s = states.get(id);
        if (s == null) return false;
        HealthCheckConfig c = s.check.config();
        boolean healthy = c.disabled() || s.status == HealthStatus.HEALTHY
                || (s.status == HealthStatus.UNKNOWN && unknownIsHealthy);
        return c.inverted() != healthy;
    }

    CheckerRegions checkers() { return checkers; }

    void force(String id, boolean healthy) { forced.put(id, healthy); }

    void unforce(String id) { forced.remove(id); }

    @Override public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) LOG.warn("health checker threads did not stop in 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
