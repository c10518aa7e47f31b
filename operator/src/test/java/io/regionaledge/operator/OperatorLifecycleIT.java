package io.regionaledge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.regionaledge.operator.api.RegionalEdge;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two operators in one JVM, each on its own cluster; stopping and restarting one; the Lease. */
class OperatorLifecycleIT {
  static final Duration WAIT = Duration.ofSeconds(20);

  static RegionalEdge apply(MockCluster cluster) throws Exception {
    cluster.namespace("web");
    cluster.tlsSecret("web", "fast-example-com-tls");
    try (InputStream in =
        Files.newInputStream(MockCluster.REPO.resolve("deploy/examples/fast.yaml"))) {
      return cluster.apply("web", in);
    }
  }

  static Deployment awaitDeployment(MockCluster cluster) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                cluster.client.apps().deployments().inNamespace("web").withName("fast-proxy").get(),
            d -> d != null);
  }

  @Test
  void twoOperatorsInOneJvmEachServeTheirOwnRegionAndOneCanBeRestarted() throws Exception {
    try (MockCluster east = new MockCluster();
        MockCluster west = new MockCluster()) {
      east.node("e1", "us-east-1", "203.0.113.1");
      west.node("w1", "eu-west-1", "198.51.100.1");
      RegionalEdgeOperator eastOp =
          new RegionalEdgeOperator(
              east.operatorClient,
              OperatorSettings.embedded(RegionDetector.detect(east.client)),
              new RecordingDnsSync());
      RegionalEdgeOperator westOp =
          new RegionalEdgeOperator(
              west.operatorClient,
              OperatorSettings.embedded(RegionDetector.detect(west.client)),
              new RecordingDnsSync());
      try (eastOp;
          westOp) {
        eastOp.start();
        westOp.start();
        apply(east);
        apply(west);
        assertThat(awaitDeployment(east).getMetadata().getLabels())
            .containsEntry("edge.regionaledge.io/region", "us-east-1");
        assertThat(
                west.client.configMaps().inNamespace("web").withName("fast-proxy").get() == null
                    ? awaitDeployment(west)
                    : awaitDeployment(west))
            .isNotNull();
        assertThat(
                west.client.configMaps().inNamespace("web").withName("fast-proxy").get().getData())
            .containsEntry("REGIONALEDGE_BACKEND", "eu-west-1-fast.example.com");
        assertThat(eastOp.adminPort()).isNotEqualTo(westOp.adminPort());

        // "Killed mid-convergence": while east is down, its Deployment goes; west is unaffected.
        eastOp.stop();
        assertThat(eastOp.isRunning()).isFalse();
        Deployment gone =
            east.client.apps().deployments().inNamespace("web").withName("fast-proxy").get();
        east.delete(gone);
        west.client
            .resources(RegionalEdge.class)
            .inNamespace("web")
            .withName("fast")
            .edit(
                e -> {
                  e.getSpec().getRegions().get(1).setReplicas(3);
                  return e;
                });
        await().atMost(WAIT).until(() -> awaitDeployment(west).getSpec().getReplicas() == 3);
        assertThat(east.client.apps().deployments().inNamespace("web").withName("fast-proxy").get())
            .isNull();

        eastOp.start();
        assertThat(awaitDeployment(east).getMetadata().getUid())
            .isNotEqualTo(gone.getMetadata().getUid());
      }
    }
  }

  @Test
  void withLeaderElectionTheOperatorHoldsTheLeaseAndReleasesItOnStop() throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      // The Lease lives where the deployed Role grants it: the operator's own namespace.
      String ns = MockCluster.OPERATOR_NAMESPACE;
      OperatorSettings settings =
          OperatorSettings.embedded("us-east-1")
              .withLeaderElection("regionaledge-operator", ns, "replica-a");
      RegionalEdgeOperator operator =
          new RegionalEdgeOperator(cluster.operatorClient, settings, new RecordingDnsSync());
      try (operator) {
        operator.start();
        Lease lease =
            await()
                .atMost(WAIT)
                .until(
                    () ->
                        cluster
                            .client
                            .leases()
                            .inNamespace(ns)
                            .withName("regionaledge-operator")
                            .get(),
                    l -> l != null && l.getSpec().getHolderIdentity() != null);
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");
        apply(cluster);
        awaitDeployment(cluster);
        operator.stop();
      }
      Lease released =
          cluster.client.leases().inNamespace(ns).withName("regionaledge-operator").get();
      assertThat(released.getSpec().getHolderIdentity()).as("released for a standby").isNull();
    }
  }
}
