package io.regionaledge.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.RegionalEdge;

/** A Service exists only for LoadBalancer exposure in a listed region (HostPort needs none). */
public class LoadBalancerExposure implements Condition<Object, RegionalEdge> {
  @Override
  public boolean isMet(DependentResource<Object, RegionalEdge> dependent, RegionalEdge edge,
      Context<RegionalEdge> context) {
    return RegionScope.from(context).listed() && usesLoadBalancer(edge);
  }

  /** LoadBalancer exposure; anything else (the default included) is HostPort. */
  static boolean usesLoadBalancer(RegionalEdge edge) {
    ExposureSpec exposure = edge.getSpec().getExposure();
    return exposure != null && exposure.getType() == ExposureSpec.Type.LoadBalancer;
  }
}
