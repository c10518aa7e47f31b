package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.regionaledge.operator.api.RegionalEdge;

/** LoadBalancer exposure only: one load balancer in front of the region's proxies. */
@KubernetesDependent(useSSA = BooleanWithUndefined.FALSE,
    informer = @Informer(labelSelector = ProxyLabels.MANAGED_SELECTOR))
public class ServiceDependentResource extends ProxyTierDependent<Service> {

  public ServiceDependentResource() {
    super(Service.class);
  }

  @Override
  protected Service desired(RegionalEdge edge, Context<RegionalEdge> context) {
    return build(edge, RegionScope.from(context));
  }

  /**
   * Kept from the stored Service: what the API server allocated, and the class the AWS Load
   * Balancer Controller's webhook sets on create (the server refuses to change it once set).
   */
  @Override
  protected void keepOthersFields(Service actual, Service desired, RegionalEdge edge) {
    if (actual.getSpec() == null) {
      return;
    }
    desired.getSpec().setLoadBalancerClass(actual.getSpec().getLoadBalancerClass());
    desired.getSpec().setClusterIP(actual.getSpec().getClusterIP());
    desired.getSpec().setClusterIPs(actual.getSpec().getClusterIPs());
    desired.getSpec().setHealthCheckNodePort(actual.getSpec().getHealthCheckNodePort());
  }

  public static Service build(RegionalEdge edge, RegionScope scope) {
    int port = edge.getSpec().getExposure().portOrDefault();
    return new ServiceBuilder()
        .withMetadata(ProxyLabels.metadata(edge, scope.region()))
        .withNewSpec()
          .withType("LoadBalancer")
          // Local keeps the client's address and skips the extra node hop; the load balancer's
          // own health checks avoid nodes without a proxy.
          .withExternalTrafficPolicy("Local")
          .withSelector(ProxyLabels.selector(edge))
          .addNewPort()
            .withName("https").withProtocol("TCP").withPort(port)
            .withTargetPort(new IntOrString("https"))
          .endPort()
        .endSpec()
        .build();
  }
}
