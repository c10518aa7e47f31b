package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.list;
import static io.regionaledge.operator.dns.Edges.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.pki.Leaf;
import io.regionaledge.testkit.pki.TestCa;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Route53's own view of the instances, read back with GetHealthCheckStatus: per instance how many
 * checker regions see it healthy and why the others fail, within the action's bucket.
 */
class CheckerStatusIT {
  static final String HOST = "fast.example.com";
  final List<FailoverIT.StandIn> standIns = new ArrayList<>();
  SimWorld world;
  Route53Watch watch;

  @AfterEach
  void stop() {
    if (watch != null) watch.close();
    standIns.forEach(s -> s.server.stop(0));
    if (world != null) world.close();
  }

  static InstanceStatus at(List<InstanceStatus> instances, String address) {
    return instances.stream()
        .filter(i -> address.equals(i.getPublicAddress()))
        .findFirst()
        .orElseThrow();
  }

  /** Fresh instance objects each time, as the reconciler observes them. */
  static List<InstanceStatus> observe() {
    return list(ready("us-a", "127.0.2.1"), ready("us-b", "127.0.2.2"));
  }

  @Test
  void
      checkerRegionsBlockedByAFirewallShowAsFiveOfEightWithRoute53sReasonWhileTheOtherInstanceShowsEightOfEight() {
    Leaf cert = TestCa.create("checkers-ca").issue(HOST);
    FailoverIT.StandIn first = new FailoverIT.StandIn("127.0.2.1", 0, cert);
    standIns.add(first);
    standIns.add(new FailoverIT.StandIn("127.0.2.2", first.port(), cert));
    world =
        new SimWorld(
            SimWorld.simulator()
                .healthCheckIntervalScale(0.005)
                .probeTimeout(Duration.ofMillis(500)));
    RegionalEdge edge = world.edge("fast", HOST, "us-east-1");
    edge.getSpec().getExposure().setPort(first.port());
    Route53DnsSync us =
        world.operator(world.options().refresh(Duration.ofMillis(100), Duration.ofMinutes(5)));
    watch = us.watch().start();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> us.sync(edge, "us-east-1", observe()).synced());

    // a security group admitting only some of the ROUTE53_HEALTHCHECKS ranges
    world.sim.blockCheckers("127.0.2.1", "sa-east-1", "ap-southeast-1", "ap-southeast-2");
    List<InstanceStatus> seen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              List<InstanceStatus> now = observe();
              us.sync(edge, "us-east-1", now);
              seen.clear();
              seen.addAll(now);
              return "5/8".equals(at(now, "127.0.2.1").getCheckersHealthy())
                  && "8/8".equals(at(now, "127.0.2.2").getCheckersHealthy());
            });
    assertThat(at(seen, "127.0.2.1").getLastFailureReason())
        .startsWith("ap-southeast-1: Failure: Connection timed out.")
        .contains("blocked by your firewall")
        .endsWith("(and 2 more checker regions)");
    assertThat(at(seen, "127.0.2.2").getLastFailureReason()).isNull();

    // reading Route53's view writes nothing, and the sync itself never asks for it
    world.sim.counters().reset();
    for (int i = 0; i < 5; i++) {
      us.sync(edge, "us-east-1", observe());
    }
    assertThat(world.sim.counters().writes()).isZero();
    assertThat(world.sim.counters().count("ChangeResourceRecordSets")).isZero();

    world.sim.blockCheckers("127.0.2.1");
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              List<InstanceStatus> now = observe();
              us.sync(edge, "us-east-1", now);
              return "8/8".equals(at(now, "127.0.2.1").getCheckersHealthy())
                  && at(now, "127.0.2.1").getLastFailureReason() == null;
            });
  }

  @Test
  void getHealthCheckStatusCallsStayWithinThisOperatorsShareOfTheActionsBucket() throws Exception {
    world = new SimWorld(SimWorld.simulator().probing(false));
    RegionalEdge edge = world.edge("fast", HOST, "us-east-1", "eu-west-1");
    // read every check as often as the pacing allows: only the bucket share holds it back
    Route53Options options =
        world.options().share(2).refresh(Duration.ofMillis(1), Duration.ofMinutes(5));
    Route53DnsSync us = world.operator(options);
    List<InstanceStatus> four =
        list(
            ready("a", "127.0.2.1"),
            ready("b", "127.0.2.2"),
            ready("c", "127.0.2.3"),
            ready("d", "127.0.2.4"));
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> us.sync(edge, "us-east-1", four).synced());
    // GetHealthCheckStatus: 4 burst, 1/s per account (x TIME here); this operator takes half
    double rate =
        Route53Limits.route53().actions().get("GetHealthCheckStatus").refillPerSecond()
            * SimWorld.TIME
            / 2;
    double burst = Route53Limits.route53().actions().get("GetHealthCheckStatus").capacity() / 2;
    assertThat(world.lastBudget.ratePerSecond("GetHealthCheckStatus")).isEqualTo(rate);

    world.sim.counters().reset();
    long start = System.nanoTime();
    watch = us.watch().start();
    Thread.sleep(2000);
    watch.close();
    double seconds = (System.nanoTime() - start) / 1e9;
    long calls = world.sim.counters().count("GetHealthCheckStatus");
    assertThat(calls).as("reads were made").isGreaterThan(4);
    assertThat((double) calls)
        .as("at most the share's burst plus its refill over %.2f s", seconds)
        .isLessThanOrEqualTo(burst + rate * seconds);
    assertThat(world.sim.rateLimitedCount()).as("Route53 never had to throttle").isZero();
    assertThat(world.sim.counters().writes()).isZero();
  }
}
