package io.regionaledge.operator.dns;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;

/**
 * Route53's buckets ({@link Route53Limits}) modelled client-side, so this process stays under them
 * instead of learning them from Throttling: every HTTP attempt the SDK makes, retries included,
 * takes a token from the account bucket and from its action's bucket, and a
 * ChangeResourceRecordSets attempt also one change token per change (two per UPSERT). Counted by
 * action. Several operators (one per region) usually share one account: {@link #shareAmong(int)}
 * gives this one its part of every bucket.
 */
public final class RequestBudget implements ExecutionInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(RequestBudget.class);
  private final TokenBucket all;
  private final Map<String, TokenBucket> actions;
  private final TokenBucket changes;
  private final int fixedShare;
  private final Route53Limits limits;
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private volatile int sharedBy = 1;

  /**
   * Changes written and throttled attempts of the clients sharing this budget (see
   * Route53Options.client).
   */
  private final Route53Metrics metrics = new Route53Metrics();

  /**
   * @param fixedShare 0: share by the number of regions the sync reports ({@link #shareAmong}); n
   *     &gt; 0: always take 1/n of every bucket
   */
  public RequestBudget(Route53Limits limits, Duration maxWait, int fixedShare) {
    this.all = bucket(limits.account(), maxWait);
    Map<String, TokenBucket> a = new HashMap<>();
    limits.actions().forEach((k, v) -> a.put(k, bucket(v, maxWait)));
    this.actions = Map.copyOf(a);
    this.changes = bucket(limits.changes(), maxWait);
    this.fixedShare = fixedShare;
    this.limits = limits;
    if (fixedShare > 0) {
      apply(fixedShare);
    }
  }

  /** The account bucket and CreateHealthCheck's as given, Route53's figures for the rest. */
  public RequestBudget(TokenBucket all, TokenBucket createHealthCheck) {
    this.all = all;
    Map<String, TokenBucket> a = new HashMap<>();
    Route53Limits.route53().actions().forEach((k, v) -> a.put(k, bucket(v, Duration.ofMinutes(2))));
    a.put("CreateHealthCheck", createHealthCheck);
    this.actions = Map.copyOf(a);
    this.changes = bucket(Route53Limits.route53().changes(), Duration.ofMinutes(2));
    this.fixedShare = 0;
    this.limits =
        Route53Limits.route53()
            .with(
                new Route53Limits.Bucket(all.burst(), all.ratePerSecond()),
                new Route53Limits.Bucket(
                    createHealthCheck.burst(), createHealthCheck.ratePerSecond()));
  }

  /**
   * The whole account's buckets this budget was built with (before {@link #sharedBy()} divides
   * them).
   */
  public Route53Limits limits() {
    return limits;
  }

  private static TokenBucket bucket(Route53Limits.Bucket b, Duration maxWait) {
    return new TokenBucket(b.refillPerSecond(), b.capacity(), maxWait);
  }

  /**
   * Takes 1/{@code regions} of every bucket: each of the regional operators of the largest
   * RegionalEdge this one manages gets an equal part of the account. Logged when it changes;
   * ignored when a fixed share was configured.
   */
  public synchronized void shareAmong(int regions) {
    int n = Math.max(1, regions);
    if (fixedShare > 0 || n == sharedBy) {
      return;
    }
    LOG.info(
        "Route53 budget: taking 1/{} of the account's buckets (was 1/{}): {} req/s burst {}, "
            + "CreateHealthCheck {}/s",
        n,
        sharedBy,
        round(all.ratePerSecond() * sharedBy / n),
        round(all.burst() * sharedBy / n),
        round(actions.get("CreateHealthCheck").ratePerSecond() * sharedBy / n));
    apply(n);
  }

  private void apply(int n) {
    sharedBy = n;
    all.share(1.0 / n);
    actions.values().forEach(b -> b.share(1.0 / n));
    changes.share(1.0 / n);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** How many operators this one assumes share the account. */
  public int sharedBy() {
    return sharedBy;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    TokenBucket own = op == null ? null : actions.get(op);
    if (own != null) {
      own.acquire();
    }
    if (context != null
        && context.request() instanceof ChangeResourceRecordSetsRequest r
        && r.changeBatch() != null) {
      changes.acquire(
          r.changeBatch().changes().stream()
              .mapToInt(c -> c.action() == ChangeAction.UPSERT ? 2 : 1)
              .sum());
    }
    all.acquire();
    calls.computeIfAbsent(op == null ? "unknown" : op, this::counter).increment();
  }

  /**
   * Publishes the counts as regionaledge_route53_requests_total{action=...}, and {@link
   * #metrics()}.
   */
  public synchronized void bindTo(MeterRegistry meters) {
    this.registry = meters;
    calls.forEach((action, adder) -> register(meters, action, adder));
    metrics.bindTo(meters);
    bucketGauges(meters, "account", all);
    bucketGauges(meters, "changes", changes);
    actions.forEach((action, b) -> bucketGauges(meters, action, b));
  }

  /**
   * How much of each bucket is spent: 0 with the bucket full, 1 when a request would have to wait;
   * capacity and refill are this operator's share of Route53's figures.
   */
  private static void bucketGauges(MeterRegistry meters, String bucket, TokenBucket b) {
    Gauge.builder("regionaledge.route53.budget.used.ratio", b, t -> 1 - t.available() / t.burst())
        .description("Share of this operator's Route53 bucket spent (1: the next request waits)")
        .tag("bucket", bucket)
        .register(meters);
    Gauge.builder("regionaledge.route53.budget.capacity", b, TokenBucket::burst)
        .description("This operator's share of the Route53 bucket's capacity (burst)")
        .tag("bucket", bucket)
        .register(meters);
    Gauge.builder("regionaledge.route53.budget.refill.per.second", b, TokenBucket::ratePerSecond)
        .description("This operator's share of the Route53 bucket's refill rate")
        .tag("bucket", bucket)
        .register(meters);
  }

  public Route53Metrics metrics() {
    return metrics;
  }

  private synchronized LongAdder counter(String action) {
    LongAdder adder = new LongAdder();
    if (registry != null) {
      register(registry, action, adder);
    }
    return adder;
  }

  private static void register(MeterRegistry meters, String action, LongAdder adder) {
    FunctionCounter.builder("regionaledge.route53.requests", adder, LongAdder::sum)
        .description("HTTP requests sent to Route53, retries included")
        .tag("action", action)
        .register(meters);
  }

  /** HTTP attempts so far, by Route53 action. */
  public Map<String, Long> calls() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public double ratePerSecond() {
    return all.ratePerSecond();
  }

  /** The current rate of one action's own bucket, or the account rate when it has none. */
  public double ratePerSecond(String action) {
    TokenBucket b = actions.get(action);
    return b == null ? all.ratePerSecond() : b.ratePerSecond();
  }
}
