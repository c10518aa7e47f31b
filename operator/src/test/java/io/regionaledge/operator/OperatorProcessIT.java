package io.regionaledge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as a real process against the mock API server: region errors, SIGTERM, the Lease.
 */
class OperatorProcessIT {
  static final Path JAR = Path.of("target", "regionaledge-operator.jar");

  static Process launch(MockCluster cluster, Path log, String... args) throws IOException {
    return launch(cluster, log, java.util.Map.of(), args);
  }

  static Process launch(
      MockCluster cluster, Path log, java.util.Map<String, String> env, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dkubernetes.master=" + cluster.client.getConfiguration().getMasterUrl(),
                "-Dkubernetes.namespace=ops",
                "-Dkubernetes.auth.tryKubeConfig=false",
                "-Dkubernetes.auth.tryServiceAccount=false",
                "-Dkubernetes.request.retry.backoffLimit=1",
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("REGIONALEDGE_REGION");
    pb.environment().putAll(env);
    return pb.start();
  }

  @Test
  void withoutARegionAndNodesThatDoNotAgreeItExitsWithAClearMessage() throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      cluster.node("a", "us-east-1", "203.0.113.1");
      cluster.node("b", "eu-west-1", "203.0.113.2");
      Path log = Files.createTempFile("operator", ".log");
      log.toFile().deleteOnExit();
      Process p = launch(cluster, log, "--no-dns", "--admin-port=-1", "--no-leader-election");
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(Main.EXIT_CONFIG);
      assertThat(Files.readString(log, StandardCharsets.UTF_8))
          .contains("several regions eu-west-1, us-east-1")
          .contains("--region");
    }
  }

  @Test
  void sigtermStopsTheOperatorAndReleasesItsLease() throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      cluster.namespace("ops");
      cluster.node("a", "us-east-1", "203.0.113.1");
      Path log = Files.createTempFile("operator", ".log");
      log.toFile().deleteOnExit();
      Process p =
          launch(
              cluster,
              log,
              "--no-dns",
              "--admin-port=-1",
              "--identity=pod-1",
              "--lease-namespace=ops",
              "--log-format=plain");
      try {
        Lease lease =
            await()
                .atMost(Duration.ofSeconds(60))
                .until(
                    () ->
                        cluster
                            .client
                            .leases()
                            .inNamespace("ops")
                            .withName("regionaledge-operator")
                            .get(),
                    l -> l != null && "pod-1".equals(l.getSpec().getHolderIdentity()));
        assertThat(lease).isNotNull();
        assertThat(Files.readString(log)).contains("started for region us-east-1");
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(
                cluster
                    .client
                    .leases()
                    .inNamespace("ops")
                    .withName("regionaledge-operator")
                    .get()
                    .getSpec()
                    .getHolderIdentity())
            .isNull();
        assertThat(Files.readString(log)).contains("released lease ops/regionaledge-operator");
      } finally {
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      }
    }
  }
}
