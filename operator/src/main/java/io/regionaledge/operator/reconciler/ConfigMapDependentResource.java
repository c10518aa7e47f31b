package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.regionaledge.operator.api.RegionalEdge;

/** The proxy's settings, read by the proxy container through envFrom. */
@KubernetesDependent(
    useSSA = BooleanWithUndefined.FALSE,
    informer = @Informer(labelSelector = ProxyLabels.MANAGED_SELECTOR))
public class ConfigMapDependentResource extends ProxyTierDependent<ConfigMap> {

  public ConfigMapDependentResource() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(RegionalEdge edge, Context<RegionalEdge> context) {
    return build(edge, RegionScope.from(context));
  }

  public static ConfigMap build(RegionalEdge edge, RegionScope scope) {
    return new ConfigMapBuilder()
        .withMetadata(ProxyLabels.metadata(edge, scope.region()))
        .withData(ProxyConfig.env(edge, scope.entry()))
        .build();
  }
}
