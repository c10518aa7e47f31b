package io.regionaledge.operator.dns;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every HTTP attempt the SDK makes to Route53, retries included, takes a token from the shared
 * bucket (and CreateHealthCheck one from its own slower bucket too), and is counted by action.
 */
public final class RequestBudget implements ExecutionInterceptor {
  private final TokenBucket all;
  private final TokenBucket createHealthCheck;
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  /** Changes written and throttled attempts of the clients sharing this budget (see Route53Options.client). */
  private final Route53Metrics metrics = new Route53Metrics();

  public RequestBudget(TokenBucket all, TokenBucket createHealthCheck) {
    this.all = all;
    this.createHealthCheck = createHealthCheck;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if ("CreateHealthCheck".equals(op)) {
      createHealthCheck.acquire();
    }
    all.acquire();
    calls.computeIfAbsent(op == null ? "unknown" : op, this::counter).increment();
  }

  /** Publishes the counts as regionaledge_route53_requests_total{action=...}, and {@link #metrics()}. */
  public synchronized void bindTo(MeterRegistry meters) {
    this.registry = meters;
    calls.forEach((action, adder) -> register(meters, action, adder));
    metrics.bindTo(meters);
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
        .tag("action", action).register(meters);
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
}
