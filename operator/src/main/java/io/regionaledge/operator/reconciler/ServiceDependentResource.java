package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.exposure.Exposure;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** LoadBalancer exposure only: one load balancer in front of the region's proxies. */
@KubernetesDependent(
    useSSA = BooleanWithUndefined.FALSE,
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

  /**
   * For the AWS Load Balancer Controller (kubernetes-sigs.github.io/aws-load-balancer-controller,
   * guide/service/nlb and guide/service/annotations): "external" hands the Service to it (the
   * in-tree controller ignores that type), an internet-facing NLB (its default scheme is internal)
   * whose targets are the pod IPs, health-checked over HTTP on the proxy's readiness endpoint so a
   * healthy target is a ready proxy. Other load-balancer implementations ignore these annotations.
   */
  static final Map<String, String> AWS_LOAD_BALANCER = annotations();

  /** Set by the AWS Load Balancer Controller's webhook on create (v2.5+); kept, never set by us. */
  public static final String AWS_NLB_CLASS = "service.k8s.aws/nlb";

  private static Map<String, String> annotations() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("service.beta.kubernetes.io/aws-load-balancer-type", "external");
    a.put("service.beta.kubernetes.io/aws-load-balancer-nlb-target-type", "ip");
    a.put("service.beta.kubernetes.io/aws-load-balancer-scheme", "internet-facing");
    a.put("service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol", "HTTP");
    a.put(
        "service.beta.kubernetes.io/aws-load-balancer-healthcheck-port",
        String.valueOf(ProxyConfig.ADMIN_PORT));
    a.put("service.beta.kubernetes.io/aws-load-balancer-healthcheck-path", "/readyz");
    return Collections.unmodifiableMap(a);
  }

  public static Service build(RegionalEdge edge, RegionScope scope) {
    int port = Exposure.of(edge).port();
    var metadata = ProxyLabels.metadata(edge, scope.region());
    metadata.setAnnotations(new LinkedHashMap<>(AWS_LOAD_BALANCER));
    return new ServiceBuilder()
        .withMetadata(metadata)
        .withNewSpec()
        .withType("LoadBalancer")
        // Local keeps the client's address and skips the extra node hop for node targets (IP
        // targets skip nodes anyway); the load balancer's own health checks avoid nodes without a
        // proxy.
        .withExternalTrafficPolicy("Local")
        .withSelector(ProxyLabels.selector(edge))
        .addNewPort()
        .withName("https")
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString("https"))
        .endPort()
        .endSpec()
        .build();
  }
}
