package io.regionaledge.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.regionaledge.operator.api.RegionalEdge;

/** The resource lists this operator's region; when it stops doing so, the proxy tier is removed. */
public class RegionListed implements Condition<Object, RegionalEdge> {
  @Override
  public boolean isMet(
      DependentResource<Object, RegionalEdge> dependent,
      RegionalEdge edge,
      Context<RegionalEdge> context) {
    return RegionScope.from(context).listed();
  }
}
