package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.regionaledge.operator.api.RegionalEdge;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the proxy tier's dependents. Names the target object without building it: when the region
 * is dropped from the spec there is nothing to build, yet the object must be found to be deleted.
 * Matching is {@link DesiredSubset}'s (server defaults never force a write), and an update keeps
 * what other actors own in the object ({@link #keepOthersFields}).
 */
public abstract class ProxyTierDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, RegionalEdge> {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyTierDependent.class);

  protected ProxyTierDependent(Class<R> type) {
    super(type);
  }

  @Override
  public Matcher.Result<R> match(
      R actual, R desired, RegionalEdge edge, Context<RegionalEdge> context) {
    keepOthersFields(actual, desired, edge);
    var difference = DesiredSubset.firstDifference(desired, actual);
    difference.ifPresent(
        path ->
            LOG.debug(
                "{} {}/{} differs from the desired state at {}",
                actual.getKind(),
                actual.getMetadata().getNamespace(),
                actual.getMetadata().getName(),
                path));
    return Matcher.Result.computed(difference.isEmpty(), desired);
  }

  @Override
  public R update(R actual, R desired, RegionalEdge edge, Context<RegionalEdge> context) {
    keepOthersFields(actual, desired, edge);
    return super.update(actual, desired, edge, context);
  }

  /**
   * Copies into {@code desired} the fields of {@code actual} that others own, so that neither the
   * match nor the PUT (which replaces the whole spec) takes them away.
   */
  protected void keepOthersFields(R actual, R desired, RegionalEdge edge) {}

  /**
   * A controller reference, as built-in controllers set it: kubectl and the GC treat us as the
   * owner.
   */
  @Override
  protected void addReferenceHandlingMetadata(R desired, RegionalEdge edge) {
    desired
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion(edge.getApiVersion())
                    .withKind(edge.getKind())
                    .withName(edge.getMetadata().getName())
                    .withUid(edge.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build()));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(RegionalEdge edge, Context<RegionalEdge> context) {
    return new ResourceID(ProxyLabels.proxyName(edge), edge.getMetadata().getNamespace());
  }
}
