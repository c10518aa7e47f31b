package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class DnsSyncMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DnsSyncMetrics metrics =
      new DnsSyncMetrics(
          new DnsSync() {
            @Override
            public DnsSyncResult sync(
                RegionalEdge edge,
                String region,
                java.util.List<io.regionaledge.operator.api.InstanceStatus> i) {
              return DnsSyncResult.done();
            }

            @Override
            public DnsSyncResult cleanup(RegionalEdge edge, String region) {
              return DnsSyncResult.done();
            }
          },
          Clock.systemUTC());

  @Test
  void proxiesWantedIsTheDeploymentsReplicasEvenWhenTheSpecLeavesThemNull() {
    metrics.bindTo(registry);
    RegionalEdge edge = Edges.edge("web", "fast.example.com", "us-east-1");
    edge.getSpec().getRegions().get(0).setReplicas(null);

    metrics.sync(edge, "us-east-1", Edges.list(Edges.ready("p1", "203.0.113.1")));

    // the Deployment runs RegionSpec's default when replicas is null; the gauge must say the same
    assertThat(registry.get("regionaledge.edge.proxies.desired").gauge().value())
        .isEqualTo(RegionSpec.DEFAULT_REPLICAS);
    assertThat(registry.get("regionaledge.edge.proxies.ready").gauge().value()).isEqualTo(1);
  }
}
