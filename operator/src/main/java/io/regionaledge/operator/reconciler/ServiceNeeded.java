package io.regionaledge.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.exposure.Exposure;

/**
 * A Service exists only in a listed region whose exposure needs one (LoadBalancer; HostPort needs
 * none).
 */
public class ServiceNeeded implements Condition<Object, RegionalEdge> {
  @Override
  public boolean isMet(
      DependentResource<Object, RegionalEdge> dependent,
      RegionalEdge edge,
      Context<RegionalEdge> context) {
    return RegionScope.from(context).listed() && Exposure.of(edge).needsService();
  }
}
