package io.regionaledge.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's Prometheus metrics; meters are looked up once so the request path does not allocate.
 */
final class ProxyMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter[] byClass = new Counter[6];
  private final Timer latency;
  private final ConcurrentHashMap<String, Counter> upstreamErrors = new ConcurrentHashMap<>();
  final AtomicInteger openConnections = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger pooledIdle = new AtomicInteger();
  final AtomicInteger upstreamOpen = new AtomicInteger();

  ProxyMetrics() {
    for (int c = 1; c <= 5; c++) {
      byClass[c] =
          Counter.builder("regionaledge_proxy_requests")
              .description("Requests answered, by status class")
              .tag("class", c + "xx")
              .register(registry);
    }
    latency =
        Timer.builder("regionaledge_proxy_request_duration")
            .description("Time from request head to the last byte of the response")
            .serviceLevelObjectives(
                ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000),
                ms(2500), ms(5000), ms(10000), ms(30000))
            .register(registry);
    Gauge.builder("regionaledge_proxy_open_connections", openConnections, AtomicInteger::get)
        .description("Open client connections")
        .register(registry);
    Gauge.builder("regionaledge_proxy_in_flight_requests", inFlight, AtomicInteger::get)
        .description("Requests being proxied")
        .register(registry);
    Gauge.builder("regionaledge_proxy_upstream_pool_idle", pooledIdle, AtomicInteger::get)
        .description("Idle pooled backend connections")
        .register(registry);
    Gauge.builder("regionaledge_proxy_upstream_connections", upstreamOpen, AtomicInteger::get)
        .description("Open backend connections (idle and busy)")
        .register(registry);
    for (String cause :
        new String[] {
          "connect_refused",
          "connect_timeout",
          "tls",
          "reset",
          "bad_response",
          "response_timeout",
          "pool_exhausted",
          "dns"
        }) {
      upstreamError(cause, 0);
    }
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  void request(int status, long nanos) {
    int c = status / 100;
    if (c >= 1 && c <= 5) {
      byClass[c].increment();
    }
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  void upstreamError(String cause) {
    upstreamError(cause, 1);
  }

  private void upstreamError(String cause, int n) {
    upstreamErrors
        .computeIfAbsent(
            cause,
            k ->
                Counter.builder("regionaledge_proxy_upstream_errors")
                    .description("Failed upstream attempts, by cause")
                    .tag("cause", k)
                    .register(registry))
        .increment(n);
  }

  String scrape() {
    return registry.scrape();
  }
}
