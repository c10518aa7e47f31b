package io.regionaledge.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.regionaledge.operator.dns.DnsSync;
import io.regionaledge.operator.dns.DnsSyncMetrics;
import io.regionaledge.operator.reconciler.EventRecorder;
import io.regionaledge.operator.reconciler.RegionalEdgeReconciler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RegionalEdge operator: the JOSDK controller for this cluster's region plus its admin server.
 * Holds no global state, so several can run in one JVM, and can be stopped and started again.
 */
public class RegionalEdgeOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegionalEdgeOperator.class);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final DnsSyncMetrics dnsSync;
  private final Clock clock;

  /**
   * Bound to each new registry on start (the Route53 request budget, ...): their counts outlive a
   * restart.
   */
  private final List<MeterBinder> metrics = new CopyOnWriteArrayList<>();

  private Operator operator;
  private AdminServer admin;
  private PrometheusMeterRegistry registry;
  private volatile boolean stopping;

  public RegionalEdgeOperator(KubernetesClient client, OperatorSettings settings, DnsSync dnsSync) {
    this(client, settings, dnsSync, Clock.systemUTC());
  }

  public RegionalEdgeOperator(
      KubernetesClient client, OperatorSettings settings, DnsSync dnsSync, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.dnsSync = new DnsSyncMetrics(dnsSync, clock);
    this.clock = clock;
  }

  /**
   * Publishes {@code binder}'s meters on this operator's /metrics too (e.g. {@code
   * budget::bindTo}).
   */
  public RegionalEdgeOperator withMetrics(MeterBinder binder) {
    metrics.add(binder);
    return this;
  }

  public synchronized void start() {
    if (operator != null) {
      throw new IllegalStateException("operator for " + settings.region() + " is already running");
    }
    stopping = false;
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    dnsSync.bindTo(registry);
    metrics.forEach(b -> b.bindTo(registry));
    Operator op =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  // Server-side apply is off in production too, so tests against the mock exercise
                  // what ships.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withMetrics(
                      MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry)
                          .build())
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(10));
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        settings.leaseName(),
                        settings.leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        settings.identity(),
                        new LeaderCallbacks(() -> {}, this::onStopLeading, leader -> {}),
                        // JOSDK's own exit would run inside our SIGTERM hook, where System.exit
                        // blocks forever.
                        false));
              }
            });
    RegionalEdgeReconciler reconciler =
        new RegionalEdgeReconciler(
            settings.region(),
            dnsSync,
            new EventRecorder(client, clock, settings.identity()),
            clock);
    op.register(
        reconciler,
        c -> {
          if (settings.namespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(settings.namespaces());
          }
          c.withReconciliationMaxInterval(settings.maxReconcileInterval());
        });
    if (settings.adminPort() >= 0) {
      try {
        admin =
            new AdminServer(
                settings.adminHost(), settings.adminPort(), () -> healthy(op), registry::scrape);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot listen on " + settings.adminHost() + ":" + settings.adminPort(), e);
      }
    }
    op.start();
    operator = op;
    LOG.info(
        "RegionalEdge operator started for region {} (namespaces: {}, leader election: {}, admin port: {})",
        settings.region(),
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(),
        settings.leaderElection(),
        admin == null ? "off" : admin.port());
  }

  /** Losing the Lease while running means another replica leads now: a standalone process exits. */
  private void onStopLeading() {
    if (stopping || !settings.exitOnLostLeadership()) {
      return;
    }
    LOG.error(
        "lost the lease {} to another replica; exiting so this one restarts as a standby",
        settings.leaseName());
    Thread exit = new Thread(() -> System.exit(1), "regionaledge-lost-lease");
    exit.setDaemon(true);
    exit.start();
  }

  private static boolean healthy(Operator op) {
    return op.getRuntimeInfo().isStarted() && op.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** Stops reconciling, then gives up the Lease so a standby takes over at once. */
  public synchronized void stop() {
    stopping = true;
    if (admin != null) {
      admin.close();
      admin = null;
    }
    if (operator == null) {
      return;
    }
    try {
      operator.stop();
    } finally {
      operator = null;
      if (registry != null) {
        registry.close();
      }
      if (settings.leaderElection()) {
        releaseLease();
      }
      LOG.info("RegionalEdge operator for region {} stopped", settings.region());
    }
  }

  /** JOSDK does not release its Lease on stop; do what client-go's ReleaseOnCancel does. */
  private void releaseLease() {
    String ns =
        settings.leaseNamespace() != null ? settings.leaseNamespace() : client.getNamespace();
    try {
      Lease lease = client.leases().inNamespace(ns).withName(settings.leaseName()).get();
      if (lease == null
          || lease.getSpec() == null
          || !settings.identity().equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      client.resource(lease).update();
      LOG.info("released lease {}/{}", ns, settings.leaseName());
    } catch (KubernetesClientException e) {
      LOG.warn("could not release lease {}/{}: {}", ns, settings.leaseName(), e.getMessage());
    }
  }

  public synchronized boolean isRunning() {
    return operator != null;
  }

  /** The admin server's port (useful with port 0), or -1 when it is disabled or stopped. */
  public synchronized int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  public OperatorSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    stop();
  }
}
