package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.RecordSet;
import io.regionaledge.testkit.route53.Route53Simulator;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A Route53 simulator, a zone in it, and operators (DnsSyncs) talking to it through the real SDK. */
final class SimWorld implements AutoCloseable {
  final Route53Simulator sim;
  final String zoneId;

  SimWorld(Route53Simulator.Builder builder) {
    this.sim = builder.start();
    this.zoneId = sim.createHostedZone("example.com");
  }

  /** One operator process: its own client, budget and zone cache. Fast limits: tests are about behaviour. */
  Route53DnsSync operator() {
    return operator(Route53Options.of(sim.endpoint(), 200, 200, 200, 200, Duration.ofMinutes(5)).maxAttempts(4));
  }

  /** The request budget of the last operator made: its per-action counts of HTTP attempts. */
  RequestBudget lastBudget;

  Route53DnsSync operator(Route53Options options) {
    lastBudget = options.budget();
    return options.build(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")), lastBudget);
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
    return userRecords().stream().filter(r -> r.name().equals(name + ".") || r.name().equals(name)).toList();
  }

  @Override
  public void close() {
    sim.close();
  }
}
