package io.regionaledge.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.regionaledge.operator.dns.DnsSync;
import io.regionaledge.operator.dns.Route53Options;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The operator process: one per regional cluster. */
@Command(
    name = "regionaledge-operator",
    mixinStandardHelpOptions = true,
    version = "regionaledge-operator 0.1.0",
    sortOptions = false,
    usageHelpAutoWidth = true,
    subcommands = PlanCommand.class,
    description =
        "Reconciles RegionalEdge resources for this cluster's region: the proxy tier, Route53 records and status.")
public class Main implements Callable<Integer> {
  /**
   * A configuration error the user must fix: exit at once with a one-line message, no restart storm
   * of stack traces.
   */
  static final int EXIT_CONFIG = 2;

  @Option(
      names = "--region",
      defaultValue = "${env:REGIONALEDGE_REGION}",
      description =
          "This cluster's AWS region (env REGIONALEDGE_REGION). Default: the "
              + RegionDetector.REGION_LABEL
              + " label of the nodes.")
  String region;

  @Option(
      names = {"-n", "--namespace"},
      split = ",",
      defaultValue = "${env:REGIONALEDGE_NAMESPACES}",
      description =
          "Namespace(s) to watch, comma-separated or repeated (env REGIONALEDGE_NAMESPACES). Default: all.")
  List<String> namespaces;

  @Option(
      names = "--admin-port",
      defaultValue = "${env:REGIONALEDGE_ADMIN_PORT:-8080}",
      description =
          "Port of /healthz and /metrics (env REGIONALEDGE_ADMIN_PORT); 0 = any free port, -1 = off. Default: ${DEFAULT-VALUE}.")
  int adminPort;

  @Option(
      names = "--admin-address",
      defaultValue = "0.0.0.0",
      description = "Address of the admin server. Default: ${DEFAULT-VALUE}.")
  String adminAddress;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Take a Lease before reconciling, so only one replica acts (--no-leader-election to turn off). Default: on.")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = OperatorSettings.DEFAULT_LEASE,
      description = "Lease name. Default: ${DEFAULT-VALUE}.")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:POD_NAMESPACE}",
      description = "Lease namespace (env POD_NAMESPACE). Default: the client's namespace.")
  String leaseNamespace;

  @Option(
      names = "--identity",
      defaultValue = "${env:POD_NAME}",
      description = "This replica's name in the Lease (env POD_NAME). Default: the host name.")
  String identity;

  @Option(
      names = "--max-reconcile-interval",
      defaultValue = OperatorSettings.DEFAULT_MAX_RECONCILE_INTERVAL,
      converter = Route53Options.DurationConverter.class,
      description =
          "Longest time between two looks at a resource, to catch DNS drift. Default: ${DEFAULT-VALUE}.")
  Duration maxReconcileInterval;

  @Option(
      names = "--log-format",
      defaultValue = "${env:REGIONALEDGE_LOG_FORMAT:-json}",
      description =
          "json (one object a line: timestamp, level, logger, MDC, message) or plain text (env REGIONALEDGE_LOG_FORMAT). Default: ${DEFAULT-VALUE}.")
  LogFormat logFormat;

  @Mixin Route53Options route53 = new Route53Options();

  /**
   * Route53 through the SDK's default credential chain, or DISABLED with --no-dns
   * (DnsSynced=Unknown).
   */
  DnsSync dnsSync() {
    return route53.build();
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    logFormat.apply();
    KubernetesClient client = new KubernetesClientBuilder().build();
    String effectiveRegion;
    try {
      effectiveRegion =
          region != null && !region.isBlank() ? region.trim() : RegionDetector.detect(client);
    } catch (IllegalStateException e) {
      client.close();
      System.err.println("regionaledge-operator: " + e.getMessage());
      return EXIT_CONFIG;
    } catch (KubernetesClientException e) {
      client.close();
      System.err.println(
          "regionaledge-operator: cannot list nodes to find the region ("
              + rootCause(e)
              + "); set --region or REGIONALEDGE_REGION");
      return EXIT_CONFIG;
    }
    OperatorSettings settings = settings(effectiveRegion);
    RegionalEdgeOperator operator = new RegionalEdgeOperator(client, settings, dnsSync());
    if (route53.requestBudget() != null) {
      operator.withMetrics(route53.requestBudget()::bindTo);
      operator.withMetrics(route53.watch()::bindTo);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // SIGTERM: stop reconciling, release the Lease, then let main return.
                  operator.stop();
                  client.close();
                  stopped.countDown();
                },
                "regionaledge-shutdown"));
    try {
      operator.start();
    } catch (RuntimeException e) {
      System.err.println("regionaledge-operator: cannot start: " + rootCause(e));
      return 1;
    }
    stopped.await();
    return 0;
  }

  static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + t;
  }

  OperatorSettings settings(String effectiveRegion) {
    Set<String> watched = new LinkedHashSet<>();
    if (namespaces != null) {
      namespaces.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(watched::add);
    }
    String id = identity != null && !identity.isBlank() ? identity : hostName();
    return new OperatorSettings(
        effectiveRegion,
        watched,
        adminPort,
        adminAddress,
        leaderElection,
        leaseName,
        blankToNull(leaseNamespace),
        id,
        true,
        maxReconcileInterval);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "regionaledge-operator-" + ProcessHandle.current().pid();
    }
  }
}
