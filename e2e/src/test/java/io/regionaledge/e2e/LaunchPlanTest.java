package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchPlanTest {
  static final LaunchPlan.PodPlace PLACE =
      new LaunchPlan.PodPlace(
          "default", "fast-proxy-abc", "127.0.101.7", "us-east-1-node-2", "127.0.1.2");
  static final List<ContainerPort> PORTS =
      List.of(
          new ContainerPortBuilder()
              .withName("https")
              .withContainerPort(8443)
              .withHostPort(443)
              .build(),
          new ContainerPortBuilder().withName("admin").withContainerPort(9090).build());

  @Test
  void aPortWithAHostPortListensOnTheNodeAddressAndThatPort() {
    assertThat(LaunchPlan.rebind("0.0.0.0:8443", PORTS, PLACE)).isEqualTo("127.0.1.2:443");
  }

  @Test
  void anyOtherPortListensOnThePodsOwnAddress() {
    assertThat(LaunchPlan.rebind("0.0.0.0:9090", PORTS, PLACE)).isEqualTo("127.0.101.7:9090");
  }

  @Test
  void mountPathsAreRewrittenOnceEvenWhenOneIsAPrefixOfTheRewrittenPath() {
    Map<String, Path> mounts =
        Map.of(
            "/etc/regionaledge/tls",
            Path.of("/tmp/w/pod/root/etc/regionaledge/tls"),
            "/tmp",
            Path.of("/tmp/w/pod/root/tmp"));
    List<String> byLength = List.of("/etc/regionaledge/tls", "/tmp");

    assertThat(LaunchPlan.rewritePaths("/etc/regionaledge/tls/tls.crt", byLength, mounts))
        .isEqualTo("/tmp/w/pod/root/etc/regionaledge/tls/tls.crt");
    assertThat(LaunchPlan.rewritePaths("--key=/etc/regionaledge/tls/tls.key", byLength, mounts))
        .isEqualTo("--key=/tmp/w/pod/root/etc/regionaledge/tls/tls.key");
    assertThat(LaunchPlan.rewritePaths("/tmpfoo/x", byLength, mounts)).isEqualTo("/tmpfoo/x");
    assertThat(LaunchPlan.rewritePaths("/tmp", byLength, mounts)).isEqualTo("/tmp/w/pod/root/tmp");
  }

  @Test
  void variableReferencesExpandAsTheKubeletDoes() {
    assertThat(
            LaunchPlan.expand(
                "$(POD_IP):$(PORT) $(UNKNOWN)", Map.of("POD_IP", "127.0.101.7", "PORT", "9090")))
        .isEqualTo("127.0.101.7:9090 $(UNKNOWN)");
  }
}
