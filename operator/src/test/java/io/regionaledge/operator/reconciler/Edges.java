package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.regionaledge.operator.api.RegionalEdge;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example manifest as the API server would hand it to the operator. */
final class Edges {
  private Edges() {}

  static RegionalEdge example() {
    try (InputStream in = Files.newInputStream(Path.of("..", "deploy", "examples", "fast.yaml"))) {
      RegionalEdge edge = Serialization.unmarshal(in, RegionalEdge.class);
      edge.getMetadata().setNamespace("edge");
      edge.getMetadata().setUid("0000-1111");
      edge.getMetadata().setGeneration(1L);
      return edge;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static RegionScope usEast1(RegionalEdge edge) {
    return RegionScope.of(edge, "us-east-1");
  }
}
