package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.Route53Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * N RegionalEdges in one zone, two instances each, one operator with the default Route53 limits,
 * against the simulator (health-check quota raised, probing off). Reconciles like JOSDK would: a
 * pool of workers, each result's retryAfter re-queues the resource. Prints time to converge,
 * Route53 calls by action, calls/s against the limit, and calls in a steady-state minute. Run with
 * bench/dns/run.sh; not part of mvn verify.
 */
public final class DnsBenchmark {

  record Due(int index, long atNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(atNanos, ((Due) o).atNanos);
    }
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    long steadySeconds = args.length > 2 ? Long.parseLong(args[2]) : 60;
    // the operator's defaults, pointed at the simulator below; it is the only operator in the
    // account, so it takes the whole account's buckets (with one operator per region, each takes
    // 1/regions)
    Route53Options options = new Route53Options().share(1).allowNonPublic("10.0.0.0/8");
    // the simulator enforces Route53's own buckets (Throttling.route53(), its default); the
    // instances' 10.x addresses stand for public ones (probing is off)
    try (Route53Simulator sim =
        Route53Simulator.builder()
            .probing(false)
            .healthCheckQuota(10 * count + 10)
            .insyncDelay(Duration.ofSeconds(1))
            .httpThreads(4)
            .allowNonPublicHealthCheckAddresses("10.0.0.0/8")
            .start()) {
      String zone = sim.createHostedZone("example.com");
      options.endpoint(sim.endpoint());
      RequestBudget budget = options.budget();
      Route53DnsSync dns =
          options.build(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "secret")),
              budget);
      List<RegionalEdge> edges = new ArrayList<>();
      List<List<InstanceStatus>> instances = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        RegionalEdge e =
            Edges.edge("app" + i, "app" + i + ".example.com", "us-east-1", "eu-west-1");
        e.getSpec().getDns().setHostedZoneId(zone);
        edges.add(e);
        instances.add(
            List.of(
                Edges.ready("app" + i + "-a", "10.1." + (i / 250) + "." + (i % 250 + 1)),
                Edges.ready("app" + i + "-b", "10.2." + (i / 250) + "." + (i % 250 + 1))));
      }
      System.out.printf(
          "resources=%d instances/resource=2 workers=%d rate=%.1f/s burst=%d createHealthCheck=%.1f/s "
              + "burst %d; the simulator enforces Route53's account, per-action and change buckets%n",
          count,
          workers,
          options.rate,
          options.burst,
          options.healthCheckRate,
          options.healthCheckBurst);

      DelayQueue<Due> queue = new DelayQueue<>();
      for (int i = 0; i < count; i++) queue.add(new Due(i, System.nanoTime()));
      AtomicInteger synced = new AtomicInteger();
      AtomicInteger notSynced = new AtomicInteger();
      Map<String, Integer> reasons = new java.util.concurrent.ConcurrentHashMap<>();
      long start = System.nanoTime();
      long[] firstAllWritten = {0};
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      for (int w = 0; w < workers; w++) {
        pool.submit(
            () -> {
              while (synced.get() < count
                  && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(40)) {
                Due d = queue.poll(1, TimeUnit.SECONDS);
                if (d == null) continue;
                DnsSyncResult r;
                try {
                  r = dns.sync(edges.get(d.index()), "us-east-1", instances.get(d.index()));
                } catch (RuntimeException | Error e) {
                  e.printStackTrace();
                  throw e;
                }
                reasons.merge(r.reason(), 1, Integer::sum);
                if (r.synced()) {
                  synced.incrementAndGet();
                } else {
                  if (notSynced.incrementAndGet() <= 5 || !"Pending".equals(r.reason())) {
                    System.out.println("  not synced: " + r.reason() + ": " + r.message());
                  }
                  Duration again = r.retryAfter() == null ? Duration.ofSeconds(10) : r.retryAfter();
                  queue.add(new Due(d.index(), System.nanoTime() + again.toNanos()));
                }
              }
              return null;
            });
      }
      long lastReport = System.nanoTime();
      while (synced.get() < count && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(40)) {
        Thread.sleep(1000);
        if (firstAllWritten[0] == 0
            && sim.healthChecks().size() >= 2 * count
            && sim.snapshot(zone).userRecords().size() >= 6 * count) {
          firstAllWritten[0] = System.nanoTime();
        }
        if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(30)) {
          lastReport = System.nanoTime();
          System.out.printf(
              "  t=%4ds synced=%d checks=%d records=%d calls=%d%n",
              (lastReport - start) / 1_000_000_000,
              synced.get(),
              sim.healthChecks().size(),
              sim.snapshot(zone).userRecords().size(),
              sim.counters().total());
        }
      }
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
      double converge = (System.nanoTime() - start) / 1e9;
      double written = firstAllWritten[0] == 0 ? Double.NaN : (firstAllWritten[0] - start) / 1e9;
      long calls = sim.counters().total();
      System.out.printf(
          "converged: %d/%d Synced (INSYNC) in %.1f s; every record and check written after %.1f s%n",
          synced.get(), count, converge, written);
      System.out.printf(
          "records=%d health checks=%d syncs returning not-yet-synced=%d reasons=%s%n",
          sim.snapshot(zone).userRecords().size(),
          sim.healthChecks().size(),
          notSynced.get(),
          reasons);
      System.out.printf(
          "Route53 calls (simulator) by action: %s total=%d%n", sim.counters().snapshot(), calls);
      System.out.printf("Route53 calls (operator, incl. retries) by action: %s%n", budget.calls());
      System.out.printf(
          "calls per converged resource: %.2f; answered Throttling by the simulator: %d%n",
          (double) calls / Math.max(1, synced.get()), sim.rateLimitedCount());
      System.out.printf(
          "calls/s achieved: %.2f against a limit of %.1f/s (burst %d)%n",
          calls / converge, options.rate, options.burst);

      // a node is lost: instance b of every resource goes unready at once, and every resource is
      // reconciled in parallel (as JOSDK does on the pod events), then again once the change is
      // INSYNC
      sim.counters().reset();
      List<List<InstanceStatus>> degraded = new ArrayList<>();
      for (List<InstanceStatus> l : instances) {
        degraded.add(
            List.of(l.get(0), Edges.unready(l.get(1).getPod(), l.get(1).getPublicAddress())));
      }
      long ls = System.nanoTime();
      int reconverged = 0;
      for (int pass = 0; pass < 10 && reconverged < count; pass++) {
        ExecutorService burst = Executors.newFixedThreadPool(workers);
        List<java.util.concurrent.Future<DnsSyncResult>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          int n = i;
          results.add(burst.submit(() -> dns.sync(edges.get(n), "us-east-1", degraded.get(n))));
        }
        reconverged = 0;
        for (var f : results) {
          if (f.get().synced()) reconverged++;
        }
        burst.shutdown();
        if (reconverged < count) Thread.sleep(1500);
      }
      System.out.printf(
          "node lost (instance b of every resource unready): %d/%d Synced again in %.1f s with calls %s: "
              + "%.2f calls per re-converged resource%n",
          reconverged,
          count,
          (System.nanoTime() - ls) / 1e9,
          sim.counters().snapshot(),
          (double) sim.counters().total() / Math.max(1, reconverged));
      for (int i = 0; i < count; i++) instances.set(i, degraded.get(i));

      // steady state: every resource resynced again and again for a while; the zone listing is
      // reused
      sim.counters().reset();
      long steadyStart = System.nanoTime();
      int passes = 0;
      int steadySynced = 0;
      long busyNanos = 0;
      while (System.nanoTime() - steadyStart < TimeUnit.SECONDS.toNanos(steadySeconds)) {
        long passStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
          if (dns.sync(edges.get(i), "us-east-1", instances.get(i)).synced()) steadySynced++;
        }
        busyNanos += System.nanoTime() - passStart;
        passes++;
        Thread.sleep(1000);
      }
      double minutes = (System.nanoTime() - steadyStart) / 60e9;
      System.out.printf(
          "steady state: %d passes over %d resources (%d syncs, %d Synced) in %.2f min: %s calls, %.1f calls/min, writes=%d%n",
          passes,
          count,
          passes * count,
          steadySynced,
          minutes,
          sim.counters().snapshot(),
          sim.counters().total() / minutes,
          sim.counters().writes());
      System.out.printf(
          "steady-state sync cost: %.2f ms per resource (zone of %d records, in memory)%n",
          busyNanos / 1e6 / Math.max(1, passes * count), sim.snapshot(zone).records().size());

      // a restarted operator: one zone listing, no writes
      sim.counters().reset();
      Route53Options fresh =
          new Route53Options().share(1).allowNonPublic("10.0.0.0/8").endpoint(sim.endpoint());
      Route53DnsSync restarted =
          fresh.build(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "secret")),
              fresh.budget());
      long rs = System.nanoTime();
      int ok = 0;
      for (int i = 0; i < count; i++) {
        if (restarted.sync(edges.get(i), "us-east-1", instances.get(i)).synced()) ok++;
      }
      System.out.printf(
          "restarted operator: %d/%d Synced in %.1f s with calls %s, writes=%d%n",
          ok,
          count,
          (System.nanoTime() - rs) / 1e9,
          sim.counters().snapshot(),
          sim.counters().writes());
    }
  }
}
