package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.RecordSet;
import io.regionaledge.testkit.route53.Route53Simulator;
import io.regionaledge.testkit.route53.Throttling;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A Route53 simulator, a zone in it, and operators (DnsSyncs) talking to it through the real SDK.
 */
final class SimWorld implements AutoCloseable {
  /**
   * Time in these tests runs this many times faster than Route53's: the simulator's buckets and the
   * operator's budget both refill at 20x Route53's rates (capacities unchanged), and INSYNC comes
   * after 100 ms.
   */
  static final double TIME = 20;

  /**
   * The simulator these tests use: Route53's rules and buckets (scaled by {@link #TIME}); instances
   * listen on loopback and stand-ins use documentation addresses, which Route53 would refuse to
   * check, so those two ranges are allowed explicitly.
   */
  static Route53Simulator.Builder simulator() {
    return Route53Simulator.builder()
        .insyncDelay(Duration.ofMillis(100))
        .throttling(Throttling.route53().timesFaster(TIME))
        .allowNonPublicHealthCheckAddresses("127.0.0.0/8", "192.0.2.0/24");
  }

  final Route53Simulator sim;
  final String zoneId;

  SimWorld(Route53Simulator.Builder builder) {
    this.sim = builder.start();
    this.zoneId = sim.createHostedZone("example.com");
  }

  /**
   * One operator process: its own client, budget and zone cache, with Route53's limits scaled by
   * {@link #TIME}.
   */
  Route53DnsSync operator() {
    return operator(options());
  }

  Route53Options options() {
    return Route53Options.of(sim.endpoint(), 10, 50, 0.5, 50, Duration.ofMinutes(5))
        .limits(Route53Limits.route53().timesFaster(TIME))
        .allowNonPublic("127.0.0.0/8", "192.0.2.0/24")
        .maxAttempts(4)
        .batchWindow(Duration.ofMillis(5));
  }

  /** The request budget of the last operator made: its per-action counts of HTTP attempts. */
  RequestBudget lastBudget;

  Route53DnsSync operator(Route53Options options) {
    lastBudget = options.budget();
    return options.build(
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
        lastBudget);
  }

  RegionalEdge edge(String name, String hostname, String... regions) {
    RegionalEdge e = Edges.edge(name, hostname, regions);
    e.getSpec().getDns().setHostedZoneId(zoneId);
    return e;
  }

  List<RecordSet> userRecords() {
    return sim.snapshot(zoneId).userRecords();
  }

  List<RecordSet> at(String name) {
    return userRecords().stream()
        .filter(r -> r.name().equals(name + ".") || r.name().equals(name))
        .toList();
  }

  @Override
  public void close() {
    sim.close();
  }
}
