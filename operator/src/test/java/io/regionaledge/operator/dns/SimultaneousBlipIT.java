package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.list;
import static io.regionaledge.operator.dns.Edges.ready;
import static io.regionaledge.operator.dns.Edges.unready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.RecordSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two regions' operators turning unready at the same instant: each decides on a fresh look at the
 * name whether another region still answers, so both must not withdraw their latency record at
 * once.
 */
class SimultaneousBlipIT {
  static final String HOST = "fast.example.com";
  SimWorld world;

  @AfterEach
  void stop() {
    if (world != null) world.close();
  }

  @Test
  void twoRegionsGoingUnreadyAtTheSameInstantNeverBothWithdrawTheirLatencyRecord()
      throws Exception {
    world = new SimWorld(SimWorld.simulator().probing(false));
    RegionalEdge edge = world.edge("fast", HOST, "us-east-1", "eu-west-1");
    Route53DnsSync us = world.operator();
    Route53DnsSync eu = world.operator();
    List<InstanceStatus> usReady = list(ready("us-a", "192.0.2.1"));
    List<InstanceStatus> euReady = list(ready("eu-a", "192.0.2.2"));
    List<InstanceStatus> usUnready = list(unready("us-a", "192.0.2.1"));
    List<InstanceStatus> euUnready = list(unready("eu-a", "192.0.2.2"));
    for (int round = 0; round < 8; round++) {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  us.sync(edge, "us-east-1", usReady).synced()
                          & eu.sync(edge, "eu-west-1", euReady).synced()
                      && world.at(HOST).size() == 2);
      CyclicBarrier together = new CyclicBarrier(2);
      CompletableFuture<DnsSyncResult> a =
          CompletableFuture.supplyAsync(
              () -> {
                meet(together);
                return us.sync(edge, "us-east-1", usUnready);
              });
      CompletableFuture<DnsSyncResult> b =
          CompletableFuture.supplyAsync(
              () -> {
                meet(together);
                return eu.sync(edge, "eu-west-1", euUnready);
              });
      String messages = a.get().message() + " | " + b.get().message();
      assertThat(world.at(HOST))
          .as("latency records at " + HOST + " in round " + round + " after: " + messages)
          .extracting(RecordSet::setIdentifier)
          .isNotEmpty();
      // and it settles with exactly one kept, whichever it is
      for (int i = 0; i < 5; i++) {
        us.sync(edge, "us-east-1", usUnready);
        eu.sync(edge, "eu-west-1", euUnready);
        assertThat(world.at(HOST)).isNotEmpty();
      }
      assertThat(world.at(HOST)).as("one region keeps its latency record, in fallback").hasSize(1);
    }
  }

  private static void meet(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
