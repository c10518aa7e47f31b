package io.regionaledge.operator.dns;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;

/**
 * What the operator's Route53 client did, for /metrics: record changes that Route53 accepted (by
 * CREATE/DELETE/UPSERT) and attempts Route53 answered with Throttling (by action). Throttled
 * attempts come from the SDK's own per-attempt metrics (ERROR_TYPE), so retries the SDK makes are
 * counted one by one, which no exception seen after the last retry can tell. Counts live here, not
 * in a registry, so they survive an operator restart in the same process (a new registry).
 */
public final class Route53Metrics implements ExecutionInterceptor, MetricPublisher, MeterBinder {
  private final LabeledCounters changes =
      new LabeledCounters(
          "regionaledge.route53.changes.written",
          "Record changes Route53 accepted in ChangeResourceRecordSets batches",
          "change");
  private final LabeledCounters throttled =
      new LabeledCounters(
          "regionaledge.route53.throttled.attempts",
          "Route53 request attempts answered with Throttling (each retry counted)",
          "action");

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    if (request instanceof ChangeResourceRecordSetsRequest batch && batch.changeBatch() != null) {
      for (Change c : batch.changeBatch().changes()) {
        changes.add(1, c.actionAsString() == null ? "unknown" : c.actionAsString());
      }
    }
  }

  @Override
  public void publish(MetricCollection call) {
    String action =
        call.metricValues(CoreMetric.OPERATION_NAME).stream().findFirst().orElse("unknown");
    for (MetricCollection attempt : call.children()) {
      if (attempt.metricValues(CoreMetric.ERROR_TYPE).contains("Throttling")) {
        throttled.add(1, action);
      }
    }
  }

  @Override
  public void close() {
    // nothing held
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    changes.bindTo(registry);
    throttled.bindTo(registry);
    // Prometheus shows a counter only once it exists: make the usual series visible at zero
    for (String a : new String[] {"CREATE", "DELETE", "UPSERT"}) {
      changes.add(0, a);
    }
    throttled.add(0, "ChangeResourceRecordSets");
  }

  /** Record changes accepted so far, by change action. */
  public Map<String, Long> changesWritten() {
    return changes.snapshot();
  }

  /** Throttled attempts so far, by Route53 action. */
  public Map<String, Long> throttledAttempts() {
    return throttled.snapshot();
  }
}
