package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.dns.Route53Limits;
import io.regionaledge.operator.dns.Route53Options;
import io.regionaledge.testkit.backend.ApiGatewayBackend;
import io.regionaledge.testkit.route53.HandBuiltTree;
import io.regionaledge.testkit.route53.RecordSet;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Issue 11's migration: a hand-built tree of the seed's shape (haproxy-era names, CNAMEs all the
 * way down, a console health check per VM, both regions), made by a script through the AWS SDK, is
 * taken over by applying the RegionalEdge with {@code spec.dns.adopt: true} in both regions while a
 * user in each region keeps resolving and fetching; then the resource is deleted and the zone is as
 * it was before the script.
 */
@Order(13)
class S13AdoptionIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();
  static final String NAME = "legacy";
  static final String HOST = "legacy.example.com";
  static final String VMS = "vms.example.net";
  static final int PORT = 9446;

  @Test
  void aHandBuiltTreeInBothRegionsIsTakenOverWithZeroFailedResolutionsAndRequests() {
    World world = WORLD.world();
    List<RecordSet> zoneBefore = world.zone().records();
    String vmZoneId = world.route53().createHostedZone(VMS);
    List<ApiGatewayBackend> vms = new ArrayList<>();
    List<SteadySender> senders = new ArrayList<>();
    try {
      // the haproxy VMs: each answers for the public name with its region's content, as haproxy did
      HandBuiltTree script = new HandBuiltTree(sdk(world), world.zoneId(), vmZoneId, VMS);
      for (Cluster c : world.clusters()) {
        List<HandBuiltTree.Vm> regionVms = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
          String address = "127.0." + c.plan().number() + "." + (200 + n);
          vms.add(
              new ApiGatewayBackend(
                      c.region(),
                      HOST,
                      new InetSocketAddress(address, PORT),
                      world.ca().issue(HOST))
                  .start());
          regionVms.add(new HandBuiltTree.Vm(c.region(), n, address));
        }
        script.build(HOST, c.region(), regionVms, 60, PORT, "/", 10);
      }
      for (Cluster c : world.clusters()) {
        RegionClient.Outcome o = world.client(c.region(), HOST, PORT).get("/");
        assertThat(o.ok()).as("the hand-built tree serves: " + o).isTrue();
        assertThat(o.address()).as("served by a VM").matches(".*\\.20[12]");
      }
      for (Cluster c : world.clusters()) {
        senders.add(
            new SteadySender(world.client(c.region(), HOST, PORT), Duration.ofMillis(50), null)
                .start());
      }
      Checks.sleep(500);

      long start = System.nanoTime();
      world.createTlsSecrets(World.NAMESPACE, NAME + "-tls", HOST);
      RegionalEdge edge = world.edge(NAME, HOST, PORT);
      edge.getSpec().getDns().setAdopt(true);
      world.applyEverywhere(edge);
      try {
        Checks.await(
            "both regions taken over: no VM left in the zone, every answer a proxy of its own region",
            Duration.ofSeconds(60),
            Duration.ofMillis(200),
            () -> vmsGone(world) && servedByProxies(world));
      } catch (IllegalStateException timeout) {
        throw new AssertionError(
            timeout.getMessage()
                + "; zone: "
                + world.zone().userRecords().stream()
                    .filter(r -> r.name().contains("legacy"))
                    .toList()
                + "; checks: "
                + world.route53().healthChecks()
                + "; answers: "
                + world.clusters().stream()
                    .map(c -> world.route53().resolve(c.region(), HOST))
                    .toList()
                + "; status: "
                + world.clusters().stream()
                    .map(c -> c.get(World.NAMESPACE, NAME).getStatus())
                    .toList(),
            timeout);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      Results.record(
          "13 adoption", "apply with adopt: true to the hand-built tree gone, both regions", took);
      Checks.sleep(1000);
    } finally {
      senders.forEach(SteadySender::stop);
      vms.forEach(ApiGatewayBackend::close);
    }
    for (SteadySender sender : senders) {
      List<RegionClient.Outcome> outcomes = sender.outcomes();
      String region = outcomes.get(0).clientRegion();
      List<RegionClient.Outcome> unresolved =
          outcomes.stream()
              .filter(o -> o.error() != null && o.error().startsWith("no address"))
              .toList();
      List<RegionClient.Outcome> failed = outcomes.stream().filter(o -> !o.ok()).toList();
      Results.record(
          "13 adoption",
          "failed resolutions during the take-over (" + region + ")",
          unresolved.size() + " of " + outcomes.size());
      Results.record(
          "13 adoption",
          "failed requests during the take-over (" + region + ")",
          failed.size() + " of " + outcomes.size());
      assertThat(unresolved).as("failed resolutions").isEmpty();
      assertThat(failed).as("failed requests").isEmpty();
      assertThat(outcomes)
          .as(region + " users were served by their own region throughout")
          .allSatisfy(o -> assertThat(o.servedBy()).isEqualTo(region));
      assertThat(
              outcomes.stream()
                  .map(RegionClient.Outcome::address)
                  .filter(a -> a.endsWith(".201") || a.endsWith(".202")))
          .as("some requests went to the VMs before the switch")
          .isNotEmpty();
    }

    world.clusters().forEach(c -> c.delete(World.NAMESPACE, NAME));
    Checks.await(
        "deleting the adopted resource leaves the zone as it was before the script",
        Duration.ofSeconds(60),
        Duration.ofMillis(200),
        () -> world.zone().records().equals(zoneBefore));
    assertThat(world.route53().healthChecks())
        .noneMatch(h -> h.config().port() != null && h.config().port() == PORT);
  }

  private static boolean vmsGone(World world) {
    return world.zone().userRecords().stream()
            .noneMatch(r -> r.values().stream().anyMatch(v -> v.contains(VMS)))
        && world.route53().healthChecks().stream()
            .noneMatch(h -> h.config().ipAddress().matches("127\\.0\\.\\d+\\.20\\d"));
  }

  private static boolean servedByProxies(World world) {
    for (Cluster c : world.clusters()) {
      List<String> answer = world.route53().resolve(c.region(), HOST).addresses();
      List<String> nodes = c.nodes().stream().map(NodeInfo::address).toList();
      if (answer.isEmpty() || !nodes.containsAll(answer)) return false;
    }
    return true;
  }

  private static software.amazon.awssdk.services.route53.Route53Client sdk(World world) {
    Route53Options o =
        Route53Options.of(world.route53().endpoint(), 10, 50, 0.5, 50, Duration.ofSeconds(30))
            .limits(Route53Limits.route53().timesFaster(World.ROUTE53_TIME));
    return o.client(
        o.budget(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSCRIPT", "script")));
  }
}
