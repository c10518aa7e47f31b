package io.regionaledge.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;

/**
 * This operator's region and, when the resource lists it, that region's entry. The reconciler puts
 * it into the workflow context so dependents and conditions (which JOSDK instantiates) see the
 * region of the operator that runs them, without any global state.
 *
 * @param region the operator's region
 * @param entry the resource's entry for that region; null when it does not list the region
 */
public record RegionScope(String region, RegionSpec entry) {
  static final String KEY = RegionScope.class.getName();

  public static RegionScope of(RegionalEdge edge, String region) {
    RegionSpec entry =
        edge.getSpec().getRegions().stream()
            .filter(r -> region.equals(r.getName()))
            .findFirst()
            .orElse(null);
    return new RegionScope(region, entry);
  }

  public boolean listed() {
    return entry != null;
  }

  void putInto(Context<RegionalEdge> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  public static RegionScope from(Context<RegionalEdge> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, RegionScope.class);
  }
}
