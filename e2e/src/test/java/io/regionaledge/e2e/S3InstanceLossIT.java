package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Order(3)
class S3InstanceLossIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();
  static final String REGION = "us-east-1";

  /** A user reloading after an error, not at once: long enough for the withdrawal measured here. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  @Test
  void aKilledInstanceIsWithdrawnWithinSecondsAndARetryingClientSeesAtMostOneFailure() {
    World world = WORLD.world();
    Cluster cluster = world.cluster(REGION);
    PodState victim =
        cluster.standIn().pods().stream().filter(PodState::ready).findFirst().orElseThrow();
    assertThat(Checks.weightedAddresses(world.zone(), REGION, World.HOSTNAME))
        .contains(victim.nodeAddress());

    // a user whose cached answer is the instance about to die
    RegionClient unlucky = world.client(REGION, World.HOSTNAME, SharedWorld.PORT);
    unlucky.assumeResolved(victim.nodeAddress(), 600);
    try (SteadySender sender =
        new SteadySender(
                world.client(REGION, World.HOSTNAME, SharedWorld.PORT),
                Duration.ofMillis(100),
                RETRY_AFTER)
            .start()) {
      Checks.sleep(1000);
      long killedAt = System.nanoTime();
      cluster.standIn().killContainer(victim.name());
      Duration withdrawn =
          Checks.await(
              "instance " + victim.nodeAddress() + " withdrawn from the weighted set",
              Duration.ofSeconds(20),
              Duration.ofMillis(25),
              () ->
                  !Checks.weightedAddresses(world.zone(), REGION, World.HOSTNAME)
                      .contains(victim.nodeAddress()));
      Results.record("3 instance killed", "record withdrawn after SIGKILL", withdrawn);
      assertThat(withdrawn).isLessThan(Duration.ofSeconds(10));
      RegionClient.Outcome first = unlucky.get("/bundle.js");
      assertThat(first.ok()).as("a request to the dead instance fails: " + first).isFalse();
      Checks.sleep(RETRY_AFTER.toMillis());
      unlucky.forget();
      RegionClient.Outcome retried = unlucky.get("/bundle.js");
      assertThat(retried.ok()).as("its one retry is served: " + retried).isTrue();
      assertThat(retried.servedBy()).isEqualTo(REGION);
      assertThat(retried.address()).isNotEqualTo(victim.nodeAddress());

      // the region keeps serving from the other instance while the killed one is away
      Checks.sleep(1500);
      List<RegionClient.Outcome> outcomes = sender.stop();
      assertThat(outcomes).isNotEmpty();
      assertThat(outcomes)
          .allSatisfy(
              o -> {
                assertThat(o.ok()).as(o.toString()).isTrue();
                assertThat(o.servedBy()).isEqualTo(REGION);
                assertThat(o.failures()).isLessThanOrEqualTo(1);
              });
      long failed = outcomes.stream().filter(o -> o.failures() > 0).count();
      Results.record(
          "3 instance killed",
          "requests that needed their one retry",
          failed + " of " + outcomes.size());

      // the kubelet restarts the container; the instance comes back into DNS once ready
      Duration back =
          Checks.await(
              "instance " + victim.nodeAddress() + " back in the weighted set",
              Duration.ofSeconds(60),
              Duration.ofMillis(100),
              () ->
                  Checks.weightedAddresses(world.zone(), REGION, World.HOSTNAME)
                      .contains(victim.nodeAddress()));
      Results.record(
          "3 instance killed",
          "restarted instance back in DNS after the kill",
          Duration.ofNanos(System.nanoTime() - killedAt));
      assertThat(back).isPositive();
    }
  }
}
