package io.regionaledge.operator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/** Finds this cluster's AWS region from the well-known topology label of its nodes. */
public final class RegionDetector {
  public static final String REGION_LABEL = "topology.kubernetes.io/region";

  private RegionDetector() {}

  public static String detect(KubernetesClient client) {
    return fromNodes(client.nodes().list().getItems());
  }

  /**
   * @throws IllegalStateException with a message that says what to do, when the nodes do not agree
   *     on one region
   */
  public static String fromNodes(Collection<Node> nodes) {
    TreeSet<String> regions = new TreeSet<>();
    for (Node node : nodes) {
      Map<String, String> labels = node.getMetadata().getLabels();
      String region = labels == null ? null : labels.get(REGION_LABEL);
      if (region != null && !region.isBlank()) {
        regions.add(region);
      }
    }
    if (regions.size() == 1) {
      return regions.first();
    }
    String hint = "; set --region or REGIONALEDGE_REGION";
    if (regions.isEmpty()) {
      throw new IllegalStateException(
          "cannot tell this cluster's region: none of its "
              + nodes.size()
              + " nodes has the label "
              + REGION_LABEL
              + hint);
    }
    throw new IllegalStateException(
        "cannot tell this cluster's region: its nodes are labelled with several regions "
            + String.join(", ", regions)
            + " ("
            + REGION_LABEL
            + ")"
            + hint);
  }
}
