package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.regionaledge.operator.api.RegionalEdge;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names and labels of the objects the operator creates for one RegionalEdge in this region. */
public final class ProxyLabels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "regionaledge";
  public static final String NAME = "app.kubernetes.io/name";
  public static final String NAME_VALUE = "regionaledge-proxy";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String REGION = "edge.regionaledge.io/region";
  public static final String CONFIG_HASH = "edge.regionaledge.io/config-hash";

  /** Restricts every informer of the operator to its own objects. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

  private ProxyLabels() {}

  public static String proxyName(RegionalEdge edge) {
    return edge.getMetadata().getName() + "-proxy";
  }

  /** Stable across spec changes: a Deployment's selector cannot change. */
  public static Map<String, String> selector(RegionalEdge edge) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, NAME_VALUE);
    labels.put(INSTANCE, edge.getMetadata().getName());
    return labels;
  }

  public static Map<String, String> labels(RegionalEdge edge, String region) {
    Map<String, String> labels = selector(edge);
    labels.put(COMPONENT, "proxy");
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(REGION, region);
    return labels;
  }

  /** Name, namespace and labels shared by every object of the proxy tier. */
  public static ObjectMeta metadata(RegionalEdge edge, String region) {
    return new ObjectMetaBuilder()
        .withName(proxyName(edge))
        .withNamespace(edge.getMetadata().getNamespace())
        .withLabels(labels(edge, region))
        .build();
  }
}
