package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.regionaledge.operator.api.RegionalEdge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Order(5)
class S5RollingUpdateIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();

  @Test
  void aProxySettingChangeRollsEveryPodWithZeroFailedRequestsFromSteadyClients() {
    World world = WORLD.world();
    List<SteadySender> senders = new ArrayList<>();
    for (Cluster cluster : world.clusters()) {
      senders.add(
          new SteadySender(
                  world.client(cluster.region(), World.HOSTNAME, SharedWorld.PORT),
                  Duration.ofMillis(100),
                  null)
              .start());
    }
    try {
      Checks.sleep(1000);
      long start = System.nanoTime();
      for (Cluster cluster : world.clusters()) {
        Set<String> before = hashes(cluster);
        cluster.edit(
            World.NAMESPACE, SharedWorld.NAME, e -> e.getSpec().getProxy().setIdleTimeout("45s"));
        Checks.await(
            cluster.region() + " rollout started",
            Duration.ofSeconds(20),
            Duration.ofMillis(100),
            () -> !before.containsAll(hashes(cluster)));
      }
      for (Cluster cluster : world.clusters()) {
        Checks.await(
            cluster.region() + " rolled out: 2 new pods ready, old ones gone, 2 in DNS",
            Duration.ofSeconds(120),
            Duration.ofMillis(200),
            () -> {
              List<PodState> pods = cluster.standIn().pods();
              RegionalEdge edge = cluster.get(World.NAMESPACE, SharedWorld.NAME);
              return pods.size() == 2
                  && hashes(cluster).size() == 1
                  && pods.stream().allMatch(PodState::ready)
                  && edge.getStatus() != null
                  && "2/2".equals(edge.getStatus().getReady())
                  && Checks.weightedAddresses(world.zone(), cluster.region(), World.HOSTNAME).size()
                      == 2;
            });
      }
      Results.record(
          "5 rolling update",
          "rollout of both regions (2 pods each, one at a time)",
          Duration.ofNanos(System.nanoTime() - start));
      Checks.sleep(1000);
    } finally {
      senders.forEach(SteadySender::stop);
    }
    for (SteadySender sender : senders) {
      List<RegionClient.Outcome> outcomes = sender.outcomes();
      List<RegionClient.Outcome> failed = outcomes.stream().filter(o -> !o.ok()).toList();
      Results.record(
          "5 rolling update",
          "failed requests during the rollout (" + outcomes.get(0).clientRegion() + ")",
          failed.size() + " of " + outcomes.size());
      assertThat(failed).as("failed requests").isEmpty();
    }
  }

  private static Set<String> hashes(Cluster cluster) {
    return cluster.standIn().pods().stream()
        .filter(p -> !p.terminating())
        .map(PodState::templateHash)
        .collect(Collectors.toSet());
  }
}
