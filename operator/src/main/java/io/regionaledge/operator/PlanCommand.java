package io.regionaledge.operator;

import ch.qos.logback.classic.LoggerContext;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.crd.ChildNames;
import io.regionaledge.operator.dns.PlanPrinter;
import io.regionaledge.operator.dns.RequestBudget;
import io.regionaledge.operator.dns.Route53DnsSync;
import io.regionaledge.operator.dns.Route53Options;
import io.regionaledge.operator.dns.SyncPlan;
import io.regionaledge.operator.reconciler.ProxyInstances;
import io.regionaledge.operator.reconciler.ProxyLabels;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code plan}: what the operator would do to the hosted zone for one RegionalEdge in one region,
 * read from the live zone and printed, with nothing written. The same flags for credentials, the
 * endpoint and the rate limits as the operator.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "Reads the live hosted zone and prints what a sync of one RegionalEdge in one region would do: "
            + "the desired tree, the diff (records, health checks, conflicts), the Route53 calls and their time at the "
            + "rate limits, and the monthly cost it adds. Writes nothing.")
public class PlanCommand implements Callable<Integer> {
  enum Output {
    text,
    json
  }

  @Option(
      names = {"-f", "--file"},
      required = true,
      description = "The RegionalEdge manifest (YAML or JSON).")
  Path file;

  @Option(
      names = "--region",
      required = true,
      defaultValue = "${env:REGIONALEDGE_REGION}",
      description = "The region to plan for (env REGIONALEDGE_REGION).")
  String region;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description =
          "The resource's namespace when the manifest names none. Default: ${DEFAULT-VALUE}.")
  String namespace;

  @Option(
      names = "--instance",
      paramLabel = "POD=ADDRESS",
      description =
          "A ready proxy instance to plan with (repeat; POD=ADDRESS:unready for an unready one). "
              + "Default: the proxy pods of the resource in the current kube context.")
  List<String> instances = new ArrayList<>();

  @Option(
      names = "--queries-per-month",
      defaultValue = "0",
      description =
          "Latency-routed queries a month, to price them. Default: only the price per million.")
  long queriesPerMonth;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json. Default: ${DEFAULT-VALUE}.")
  Output output;

  @Mixin Route53Options route53 = new Route53Options();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // stdout is the plan (JSON for scripts): no log lines there; problems are told on stderr
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
      logs.reset();
    }
    PrintWriter err = spec.commandLine().getErr();
    RegionalEdge edge;
    try (InputStream in = Files.newInputStream(file)) {
      edge = Serialization.unmarshal(in, RegionalEdge.class);
    } catch (Exception e) {
      err.println("plan: cannot read " + file + ": " + Main.rootCause(e));
      return Main.EXIT_CONFIG;
    }
    if (edge == null
        || edge.getSpec() == null
        || edge.getMetadata() == null
        || edge.getMetadata().getName() == null) {
      err.println("plan: " + file + " holds no RegionalEdge with metadata.name and spec");
      return Main.EXIT_CONFIG;
    }
    if (edge.getMetadata().getNamespace() == null) {
      edge.getMetadata().setNamespace(namespace);
    }
    List<InstanceStatus> observed;
    try {
      observed = instances.isEmpty() ? fromCluster(edge) : given();
    } catch (IllegalArgumentException e) {
      err.println("plan: " + e.getMessage());
      return Main.EXIT_CONFIG;
    } catch (RuntimeException e) {
      err.println(
          "plan: cannot read the proxy pods of "
              + edge.getMetadata().getName()
              + " from the cluster ("
              + Main.rootCause(e)
              + "); pass --instance POD=ADDRESS to plan without one");
      return Main.EXIT_CONFIG;
    }
    RequestBudget budget = route53.budget();
    Route53DnsSync dns = route53.build(DefaultCredentialsProvider.builder().build(), budget);
    int regions =
        edge.getSpec().getRegions() == null ? 1 : Math.max(1, edge.getSpec().getRegions().size());
    budget.shareAmong(regions);
    SyncPlan plan;
    try {
      plan = dns.plan(edge, region, observed);
    } catch (IllegalArgumentException e) {
      err.println("plan: " + e.getMessage());
      return Main.EXIT_CONFIG;
    } catch (RuntimeException e) {
      err.println("plan: Route53: " + Main.rootCause(e));
      return 1;
    }
    String limits =
        "1/"
            + budget.sharedBy()
            + " of the account's Route53 buckets ("
            + round(budget.ratePerSecond())
            + " req/s, CreateHealthCheck "
            + round(budget.ratePerSecond("CreateHealthCheck"))
            + "/s, DeleteHealthCheck "
            + round(budget.ratePerSecond("DeleteHealthCheck"))
            + "/s)";
    PlanPrinter printer = new PlanPrinter(plan, queriesPerMonth, limits);
    PrintWriter out = spec.commandLine().getOut();
    out.print(output == Output.json ? printer.json() : printer.text());
    out.flush();
    return 0;
  }

  private static String round(double v) {
    return v == Math.rint(v)
        ? String.valueOf((long) v)
        : String.valueOf(Math.round(v * 100) / 100.0);
  }

  private List<InstanceStatus> given() {
    List<InstanceStatus> out = new ArrayList<>();
    for (String i : instances) {
      int eq = i.indexOf('=');
      if (eq <= 0 || eq == i.length() - 1) {
        throw new IllegalArgumentException(
            "--instance wants POD=ADDRESS[:unready], got '" + i + "'");
      }
      String address = i.substring(eq + 1);
      boolean ready = !address.endsWith(":unready");
      address = ready ? address : address.substring(0, address.length() - ":unready".length());
      out.add(new InstanceStatus(i.substring(0, eq), null, address, ready));
    }
    return out;
  }

  /** The resource's proxy pods, their nodes and its Service, as the operator observes them. */
  private static List<InstanceStatus> fromCluster(RegionalEdge edge) {
    String ns = edge.getMetadata().getNamespace();
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      List<Pod> pods =
          client
              .pods()
              .inNamespace(ns)
              .withLabel(ProxyLabels.INSTANCE, edge.getMetadata().getName())
              .withLabel(ProxyLabels.MANAGED_BY, ProxyLabels.MANAGED_BY_VALUE)
              .list()
              .getItems();
      Service service =
          client
              .services()
              .inNamespace(ns)
              .withName(edge.getMetadata().getName() + ChildNames.PROXY_SUFFIX)
              .get();
      return new ArrayList<>(
          ProxyInstances.observe(edge, pods, name -> client.nodes().withName(name).get(), service));
    }
  }
}
