package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.testkit.route53.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A global readiness blip (issue 9, "never an empty answer"): every region's backend goes away at
 * once, so every proxy turns unready together. Deleting every latency record would make resolvers
 * cache NODATA/NXDOMAIN for the SOA's negative TTL (15 min), so the name must keep answering
 * throughout: the last latency record stays, Route53's health checks decide and fail open. When the
 * backends return, each region's users are served by their own region again within seconds.
 */
@Order(12)
class S12AllRegionsUnreadyIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();

  @Test
  void
      withEveryRegionUnreadyAtOnceTheNameKeepsAnsweringAndEachRegionServesItsOwnUsersAgainAfterwards() {
    World world = WORLD.world();
    Map<String, RegionClient> clients = new LinkedHashMap<>();
    world
        .clusters()
        .forEach(
            c ->
                clients.put(
                    c.region(), world.client(c.region(), World.HOSTNAME, SharedWorld.PORT)));
    clients.forEach(
        (region, client) -> Checks.awaitServedBy(client, region, Duration.ofSeconds(30)));

    try (Resolving resolving = new Resolving(world, List.copyOf(clients.keySet())).start()) {
      Checks.sleep(500);
      world.clusters().forEach(c -> world.backend(c.region()).stop());
      try {
        Duration unready =
            Checks.await(
                "every proxy in every region unready",
                Duration.ofSeconds(30),
                Duration.ofMillis(50),
                () ->
                    world.clusters().stream()
                        .allMatch(
                            c ->
                                !c.standIn().pods().isEmpty()
                                    && c.standIn().pods().stream().noneMatch(PodState::ready)));
        Results.record(
            "12 all regions unready", "every proxy unready after the backends stopped", unready);
        // long enough for every operator to act on it (readiness is watched; the resync is 20 s)
        Checks.sleep(4000);
        assertThat(world.zone().at(World.HOSTNAME, "A"))
            .as("latency records at " + World.HOSTNAME)
            .isNotEmpty();
      } finally {
        world.clusters().forEach(c -> world.backend(c.region()).start());
      }
      long back = System.nanoTime();
      clients.forEach(
          (region, client) -> Checks.awaitServedBy(client, region, Duration.ofSeconds(30)));
      Duration recovered = Duration.ofNanos(System.nanoTime() - back);
      Results.record(
          "12 all regions unready",
          "every region's users served by their own region again after",
          recovered);
      assertThat(recovered).isLessThan(Duration.ofSeconds(20));

      List<String> empty = resolving.stop();
      assertThat(resolving.answers()).as("resolutions made").isGreaterThan(20);
      assertThat(empty).as("answers without an address during the blip").isEmpty();
    }
    Checks.awaitConverged(
        world, World.NAMESPACE, SharedWorld.NAME, World.HOSTNAME, Duration.ofSeconds(60));
  }

  /**
   * A client per region resolving the name continuously through the simulator's resolver, keeping
   * every empty answer.
   */
  private static final class Resolving implements AutoCloseable {
    private final World world;
    private final List<String> regions;
    private final List<String> empty = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int answers;

    Resolving(World world, List<String> regions) {
      this.world = world;
      this.regions = regions;
      this.thread = new Thread(this::run, "resolving-all-regions");
      this.thread.setDaemon(true);
    }

    Resolving start() {
      thread.start();
      return this;
    }

    private void run() {
      // bounded: the scenario takes well under a minute
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (running && System.nanoTime() - deadline < 0) {
        for (String region : regions) {
          Answer a = world.route53().resolve(region, World.HOSTNAME);
          answers++;
          if (a.addresses().isEmpty()) {
            empty.add(region + ": " + a.rcode() + " " + a.path());
          }
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    int answers() {
      return answers;
    }

    List<String> stop() {
      running = false;
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ArrayList<>(empty);
    }

    @Override
    public void close() {
      stop();
    }
  }
}
