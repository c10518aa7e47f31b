package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.regionaledge.operator.api.RegionalEdge;

/** Node drains take proxies out one at a time, so DNS always has the others to answer with. */
@KubernetesDependent(
    useSSA = BooleanWithUndefined.FALSE,
    informer = @Informer(labelSelector = ProxyLabels.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependentResource extends ProxyTierDependent<PodDisruptionBudget> {

  public PodDisruptionBudgetDependentResource() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget desired(RegionalEdge edge, Context<RegionalEdge> context) {
    return build(edge, RegionScope.from(context));
  }

  public static PodDisruptionBudget build(RegionalEdge edge, RegionScope scope) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(ProxyLabels.metadata(edge, scope.region()))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(ProxyLabels.selector(edge))
        .endSelector()
        .endSpec()
        .build();
  }
}
