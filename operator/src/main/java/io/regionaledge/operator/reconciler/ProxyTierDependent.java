package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.regionaledge.operator.api.RegionalEdge;
import java.util.List;

/**
 * Base of the proxy tier's dependents. Names the target object without building it: when the
 * region is dropped from the spec there is nothing to build, yet the object must be found to be
 * deleted.
 */
public abstract class ProxyTierDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, RegionalEdge> {

  protected ProxyTierDependent(Class<R> type) {
    super(type);
  }

  /** A controller reference, as built-in controllers set it: kubectl and the GC treat us as the owner. */
  @Override
  protected void addReferenceHandlingMetadata(R desired, RegionalEdge edge) {
    desired.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
        .withApiVersion(edge.getApiVersion()).withKind(edge.getKind())
        .withName(edge.getMetadata().getName()).withUid(edge.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true)
        .build()));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(RegionalEdge edge, Context<RegionalEdge> context) {
    return new ResourceID(ProxyLabels.proxyName(edge), edge.getMetadata().getNamespace());
  }
}
