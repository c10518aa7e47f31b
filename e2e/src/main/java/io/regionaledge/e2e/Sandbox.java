package io.regionaledge.e2e;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's first command: the multi-region world on localhost with deploy/examples/fast.yaml
 * applied in every cluster, narrated, with a failover shown; then it keeps running for curl until
 * Ctrl-C ({@code --once}: exit after the demo, 0 only if every step worked).
 */
@Command(
    name = "regionaledge-sandbox",
    mixinStandardHelpOptions = true,
    description =
        "Runs RegionalEdge in a simulated multi-region world on loopback and shows a failover.")
public final class Sandbox implements Callable<Integer> {
  static final String EXAMPLE = "/examples/fast.yaml";

  @Option(
      names = "--once",
      description = "Exit after the demo (status 0 only if every step worked).")
  boolean once;

  @Option(
      names = "--manifest",
      description =
          "RegionalEdge manifest to apply (default: the embedded deploy/examples/fast.yaml).")
  Path manifest;

  @Option(
      names = "--work-dir",
      description = "Where pods' files, logs and the CA go (default: a new temp dir).")
  Path workDir;

  @Option(
      names = "--dns-port",
      defaultValue = "1053",
      description =
          "UDP port on 127.0.0.1 where the simulator's answers are served as real DNS (taken: any free one). Default: ${DEFAULT-VALUE}.")
  int dnsPort;

  @Option(
      names = "--timeout",
      defaultValue = "120",
      description = "Seconds each step may take. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  private final PrintStream out = System.out;
  private final List<String> failures = new ArrayList<>();

  public static void main(String[] args) {
    // before any logger exists: the narration is the output, libraries only speak up on problems
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "regionaledge-sandbox-logback.xml");
    }
    System.exit(new CommandLine(new Sandbox()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    RegionalEdge edge = loadManifest();
    List<String> regions = edge.getSpec().getRegions().stream().map(RegionSpec::getName).toList();
    step(
        "Starting the world: "
            + regions.size()
            + " regions "
            + regions
            + ", each a mock Kubernetes API server with "
            + "the real operator; one Route53 simulator; API-Gateway-like backends; proxies as real processes");
    World world = World.start(World.Config.defaults().withRegions(regions).withWorkDir(workDir));
    Runtime.getRuntime().addShutdownHook(new Thread(world::close, "sandbox-shutdown"));
    for (Cluster cluster : world.clusters()) {
      out.printf(
          "  cluster %-10s API server %s, nodes %s%n",
          cluster.region(),
          cluster.apiServerUrl(),
          cluster.nodes().stream().map(NodeInfo::address).toList());
      out.printf(
          "  backend %-10s %s at %s (answers only to its own name)%n",
          cluster.region(),
          world.backend(cluster.region()).hostname(),
          world.backend(cluster.region()).hostPort());
    }
    out.printf(
        "  Route53 simulator %s, hosted zone %s (%s)%n",
        world.route53().endpoint(), World.ZONE, world.zoneId());
    SandboxDns dns =
        SandboxDns.start(world.route53(), SandboxDns.regions(world), "127.0.0.1", dnsPort);
    out.printf(
        "  DNS on udp://%s:%d: the simulator's answers, the client's region taken from its source address"
            + " (127.0.<region number>.x)%n",
        dns.host(), dns.port());
    out.printf("  world up in %.1f s%n", (System.nanoTime() - start) / 1e9);

    int port = patch(edge, world);
    String hostname = edge.getSpec().getHostname();
    step(
        "Creating the TLS Secret "
            + edge.getSpec().getTlsSecretName()
            + " for "
            + hostname
            + " in every cluster (a certificate from the sandbox CA "
            + world.caFile()
            + ")");
    world.createTlsSecrets(
        edge.getMetadata().getNamespace(), edge.getSpec().getTlsSecretName(), hostname);
    step("Applying the manifest in every cluster; the operators reconcile");
    world.applyEverywhere(edge);

    Duration served =
        attempt(
            "clients served by their own region",
            () -> Checks.awaitServedLocally(world, hostname, port, timeout()));
    Duration startup = Duration.ofNanos(System.nanoTime() - start);
    if (served != null) {
      out.printf(
          "  every region's client is served by its own region: %.1f s after start (%.1f s after apply)%n",
          startup.toMillis() / 1000.0, served.toMillis() / 1000.0);
    }

    Duration converged =
        attempt(
            "every region converged",
            () ->
                Checks.awaitConverged(
                    world,
                    edge.getMetadata().getNamespace(),
                    edge.getMetadata().getName(),
                    hostname,
                    timeout()));
    if (converged != null) {
      out.printf(
          "  every region converged (all replicas ready and in DNS): %.1f s after start%n",
          (System.nanoTime() - start) / 1e9);
    }

    step("Route53 records in " + World.ZONE);
    out.print(indent(RecordTable.render(world.zone())));
    step("kubectl get regionaledges, in each cluster");
    Map<String, Path> kubeconfigs = new LinkedHashMap<>();
    for (Cluster cluster : world.clusters()) {
      Path kubeconfig =
          cluster.writeKubeconfig(world.workDir().resolve("kubeconfig-" + cluster.region()));
      kubeconfigs.put(cluster.region(), kubeconfig);
      out.println("  $ kubectl --kubeconfig " + kubeconfig + " get regionaledges");
      String real =
          KubectlOutput.run(
              kubeconfig, "get", "regionaledges", "-n", edge.getMetadata().getNamespace());
      out.print(
          indent(
              real != null
                  ? real
                  : RecordTable.kubectlGet(
                          List.of(
                              cluster.get(
                                  edge.getMetadata().getNamespace(), edge.getMetadata().getName())))
                      + "(kubectl is not installed: this is the same table, rendered by the sandbox)\n"));
    }
    step("Try it: one curl per region, through that region's proxy");
    for (Cluster cluster : world.clusters()) {
      List<String> addresses = Checks.weightedAddresses(world.zone(), cluster.region(), hostname);
      String address = addresses.isEmpty() ? cluster.nodes().get(0).address() : addresses.get(0);
      out.printf(
          "  curl --resolve %s:%d:%s --cacert %s https://%s:%d/%n",
          hostname, port, address, world.caFile(), hostname, port);
    }
    step("Ask DNS as a user of each region (the answer moves during a failover)");
    for (Cluster cluster : world.clusters()) {
      String source = SandboxDns.clientAddress(cluster.plan().number());
      out.printf(
          "  dig @%s -p %d -b %s %s   # %s: %s%n",
          dns.host(),
          dns.port(),
          source,
          hostname,
          cluster.region(),
          answered(dns, source, hostname));
    }
    step("Poke the clusters with kubectl while it runs (get, describe, edit, delete)");
    kubeconfigs.forEach(
        (region, kubeconfig) ->
            out.printf(
                "  kubectl --kubeconfig %s get regionaledges,deployments,pods -o wide   # %s%n",
                kubeconfig, region));

    failover(
        world,
        dns,
        hostname,
        port,
        edge.getMetadata().getNamespace(),
        edge.getMetadata().getName());

    out.println();
    if (failures.isEmpty()) {
      out.printf(
          "All steps worked. Startup to first request served in every region: %.1f s.%n",
          startup.toMillis() / 1000.0);
    } else {
      out.println("FAILED steps: " + failures);
    }
    if (once) {
      return failures.isEmpty() ? 0 : 1;
    }
    out.println(
        "The world keeps running; pods' logs are under "
            + world.workDir()
            + " (removed on exit unless --work-dir or -Dregionaledge.keepWorld=true). Ctrl-C to stop.");
    new CountDownLatch(1).await();
    return 0;
  }

  /** What the sandbox DNS answers {@code source} now, for the narration. */
  private static String answered(SandboxDns dns, String source, String hostname) {
    try {
      List<String> addresses = dns.query(source, hostname);
      return addresses.isEmpty() ? "no address" : String.join(", ", addresses);
    } catch (IOException e) {
      return "no answer (" + e.getMessage() + ")";
    }
  }

  private void failover(
      World world,
      SandboxDns dns,
      String hostname,
      int port,
      String edgeNamespace,
      String edgeName) {
    if (world.clusters().size() < 2) {
      return;
    }
    Cluster down = world.clusters().get(0);
    RegionClient client = world.client(down.region(), hostname, port);
    step("Failover: every " + down.region() + " proxy goes down (its nodes lose power)");
    down.nodes().forEach(n -> down.standIn().nodeDown(n.name()));
    RegionClient.Outcome[] last = new RegionClient.Outcome[1];
    Duration away =
        attempt(
            down.region() + " clients move to the next-closest region",
            () ->
                Checks.await(
                    down.region() + " clients served elsewhere",
                    timeout(),
                    Duration.ofMillis(100),
                    () -> {
                      last[0] = client.get("/");
                      return last[0].ok() && !down.region().equals(last[0].servedBy());
                    }));
    if (away != null) {
      out.printf(
          "  a %s client is now served by %s (next-closest by latency), %.1f s after the outage began%n",
          down.region(), last[0].servedBy(), away.toMillis() / 1000.0);
      String source = SandboxDns.clientAddress(down.plan().number());
      out.printf(
          "  dig -b %s %s now answers %s (%s's proxies)%n",
          source, hostname, answered(dns, source, hostname), last[0].servedBy());
      out.print(indent(RecordTable.kubectlGet(List.of(down.get(edgeNamespace, edgeName)))));
    }
    step("The nodes come back");
    down.nodes().forEach(n -> down.standIn().nodeUp(n.name()));
    Duration back =
        attempt(
            down.region() + " clients come back",
            () -> Checks.awaitServedBy(client, down.region(), timeout()));
    if (back != null) {
      out.printf(
          "  the %s client is served by %s again, %.1f s after the nodes returned%n",
          down.region(), down.region(), back.toMillis() / 1000.0);
      String source = SandboxDns.clientAddress(down.plan().number());
      out.printf(
          "  dig -b %s %s answers %s again%n", source, hostname, answered(dns, source, hostname));
    }
  }

  private RegionalEdge loadManifest() throws IOException {
    try (InputStream in =
        manifest != null
            ? Files.newInputStream(manifest)
            : Sandbox.class.getResourceAsStream(EXAMPLE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the example manifest " + EXAMPLE + " is not embedded in this jar");
      }
      RegionalEdge edge = Serialization.unmarshal(in, RegionalEdge.class);
      if (edge.getMetadata().getNamespace() == null) {
        edge.getMetadata().setNamespace(World.NAMESPACE);
      }
      return edge;
    }
  }

  /**
   * Only what the world needs: backend addresses on loopback, and an unprivileged port for
   * non-root.
   */
  private int patch(RegionalEdge edge, World world) {
    step("Patching the manifest for this machine");
    for (RegionSpec region : edge.getSpec().getRegions()) {
      String address = world.backend(region.getName()).hostPort();
      region.getBackend().setAddress(address);
      out.printf(
          "  spec.regions[%s].backend.address = %s   (the backend's loopback address; Host and SNI stay %s)%n",
          region.getName(), address, region.getBackend().getHost());
    }
    int port = edge.getSpec().getExposure().getPort();
    if (!canBind(world.clusters().get(0).nodes().get(0).address(), port)) {
      int unprivileged = port < 1024 ? port + 8000 : port;
      out.printf(
          "  spec.exposure.port = %d   (cannot bind port %d here: not root, or in use)%n",
          unprivileged, port);
      edge.getSpec().getExposure().setPort(unprivileged);
      port = unprivileged;
    }
    return port;
  }

  private static boolean canBind(String address, int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(address))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Duration attempt(String what, Callable<Duration> step) {
    try {
      return step.call();
    } catch (Exception e) {
      failures.add(what);
      out.println("  FAILED: " + what + ": " + e.getMessage());
      return null;
    }
  }

  private Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  private void step(String text) {
    out.println();
    out.println("== " + text);
  }

  private static String indent(String text) {
    return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
  }
}
