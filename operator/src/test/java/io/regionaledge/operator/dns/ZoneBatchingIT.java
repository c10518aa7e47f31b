package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.list;
import static io.regionaledge.operator.dns.Edges.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.Change;
import io.regionaledge.testkit.route53.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Record changes of many resources in one zone share ChangeResourceRecordSets batches, through the
 * real AWS SDK against the simulator; reconciles run in parallel as JOSDK runs them.
 */
class ZoneBatchingIT {
  static final int N = 8;
  SimWorld world;
  Route53DnsSync dns;
  ExecutorService pool;
  final List<RegionalEdge> edges = new ArrayList<>();
  final List<List<InstanceStatus>> instances = new ArrayList<>();

  @BeforeEach
  void start() {
    world = new SimWorld(SimWorld.simulator().probing(false));
    // the window is long enough for every parallel reconcile below to queue behind the first
    dns = world.operator(world.options().batchWindow(Duration.ofMillis(500)));
    pool = Executors.newFixedThreadPool(N);
    for (int i = 0; i < N; i++) {
      edges.add(world.edge("app" + i, "app" + i + ".example.com", "us-east-1"));
      instances.add(
          list(
              ready("app" + i + "-a", "127.0.6." + (i + 1)),
              ready("app" + i + "-b", "127.0.7." + (i + 1))));
    }
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    world.close();
  }

  /** Every resource synced at once, from its own thread; their results in order. */
  List<DnsSyncResult> syncAllAtOnce() throws Exception {
    CyclicBarrier together = new CyclicBarrier(N);
    List<Future<DnsSyncResult>> futures = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      int n = i;
      futures.add(
          pool.submit(
              () -> {
                together.await(10, TimeUnit.SECONDS);
                return dns.sync(edges.get(n), "us-east-1", instances.get(n));
              }));
    }
    List<DnsSyncResult> out = new ArrayList<>();
    for (var f : futures) {
      out.add(f.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  @Test
  void resourcesInOneZoneConvergeWithFewerChangeBatchesAndGetChangesThanResources()
      throws Exception {
    List<DnsSyncResult> first = syncAllAtOnce();
    assertThat(first).extracting(DnsSyncResult::reason).containsOnly("Pending");
    assertThat(world.sim.counters().count("ChangeResourceRecordSets"))
        .as("one batch for many resources")
        .isLessThan(N);
    for (int i = 0; i < N; i++) {
      assertThat(world.at("proxy-us-east-1-app" + i + ".example.com")).hasSize(2);
      assertThat(world.at("app" + i + ".example.com")).hasSize(1);
    }
    // INSYNC 100 ms after a change; a PENDING answer is reused for 500 ms before GetChange is asked
    // again
    Thread.sleep(700);
    List<DnsSyncResult> second = syncAllAtOnce();
    assertThat(second).extracting(DnsSyncResult::reason).containsOnly("Synced");
    assertThat(world.sim.counters().count("GetChange"))
        .as("one GetChange per batch, not per resource")
        .isEqualTo(world.sim.counters().count("ChangeResourceRecordSets"));
  }

  @Test
  void aResourceWhoseChangeRoute53RefusesFailsAloneWhileTheOthersLandAndRecoversOnItsNextSync()
      throws Exception {
    // the operator has listed the zone; then someone adds a record at a name app3 is about to
    // create
    RegionalEdge warm = world.edge("warm", "warm.example.com", "us-east-1");
    assertThat(dns.sync(warm, "us-east-1", list(ready("w", "127.0.8.1"))).reason())
        .isEqualTo("Pending");
    world.sim.apply(
        world.zoneId,
        Change.create(
            RecordSet.simple("proxy1-us-east-1-app3.example.com", "A", 300, "192.0.2.33")));
    world.sim.counters().reset();

    List<DnsSyncResult> results = syncAllAtOnce();

    for (int i = 0; i < N; i++) {
      if (i == 3) {
        assertThat(results.get(i).reason()).isEqualTo("Error");
        assertThat(results.get(i).message())
            .contains("InvalidChangeBatch")
            .contains("proxy1-us-east-1-app3.example.com")
            .contains("already exists");
        assertThat(world.at("proxy-us-east-1-app3.example.com")).isEmpty();
      } else {
        assertThat(results.get(i).reason()).as("app" + i).isEqualTo("Pending");
        assertThat(world.at("proxy-us-east-1-app" + i + ".example.com")).hasSize(2);
      }
    }
    // the refused batch made the operator list the zone again: app3 now sees the foreign record
    // and keeps its slot free, and lands
    DnsSyncResult again = dns.sync(edges.get(3), "us-east-1", instances.get(3));
    assertThat(again.reason()).isIn("Pending", "Synced");
    assertThat(world.at("proxy-us-east-1-app3.example.com")).hasSize(2);
    assertThat(world.at("proxy1-us-east-1-app3.example.com"))
        .singleElement()
        .satisfies(r -> assertThat(r.values()).containsExactly("192.0.2.33"));
  }
}
