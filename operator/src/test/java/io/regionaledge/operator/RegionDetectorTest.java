package io.regionaledge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionDetectorTest {
  static Node node(String name, String region) {
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
    if (region != null) {
      b.editMetadata().addToLabels(RegionDetector.REGION_LABEL, region).endMetadata();
    }
    return b.build();
  }

  @Test
  void nodesThatAgreeGiveTheRegion() {
    assertThat(
            RegionDetector.fromNodes(
                List.of(node("a", "eu-west-1"), node("b", "eu-west-1"), node("c", null))))
        .isEqualTo("eu-west-1");
  }

  @Test
  void noLabelledNodeIsAClearError() {
    assertThatThrownBy(() -> RegionDetector.fromNodes(List.of(node("a", null))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(RegionDetector.REGION_LABEL)
        .hasMessageContaining("--region");
  }

  @Test
  void anEmptyClusterIsAClearError() {
    assertThatThrownBy(() -> RegionDetector.fromNodes(List.of()))
        .hasMessageContaining("none of its 0 nodes");
  }

  @Test
  void nodesInSeveralRegionsAreAClearErrorNamingThem() {
    assertThatThrownBy(
            () -> RegionDetector.fromNodes(List.of(node("a", "us-east-1"), node("b", "eu-west-1"))))
        .hasMessageContaining("eu-west-1, us-east-1")
        .hasMessageContaining("REGIONALEDGE_REGION");
  }
}
