package io.regionaledge.operator.exposure;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.dns.RecordTree;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How users reach a region's proxies ({@code spec.exposure.type}), and everything that follows from
 * it: how the pods are run and rolled, whether a Service is needed, at which address each pod is
 * published, what keeps it unreachable, and which Route53 record tree is built. {@link #of} is the
 * one place that reads the type; everything else asks the strategy.
 */
public interface Exposure {

  /** The strategy of the resource (the default, HostPort, when the spec names none). */
  static Exposure of(RegionalEdge edge) {
    ExposureSpec spec = edge.getSpec() == null ? null : edge.getSpec().getExposure();
    int port = spec == null ? ExposureSpec.DEFAULT_PORT : spec.portOrDefault();
    return spec != null && spec.getType() == ExposureSpec.Type.LoadBalancer
        ? new LoadBalancerExposure(port)
        : new HostPortExposure(port);
  }

  /** The public port (the hostPort, or the Service's port). */
  int port();

  /** The proxy container's TLS port, listening on {@code containerPort}. */
  ContainerPort httpsPort(int containerPort);

  /** How the Deployment replaces pods. */
  RollingUpdateDeployment rollingUpdate();

  /** How the pods spread over nodes ({@code selector}: the proxy pods of this resource). */
  PodAntiAffinity antiAffinity(Map<String, String> selector);

  /** Whether a Service of type LoadBalancer fronts the pods. */
  boolean needsService();

  /**
   * The address users reach a pod at (null while unknown).
   *
   * @param node the pod's node, or null
   * @param service the resource's Service, or null
   */
  String address(Node node, Service service);

  /**
   * What the user must change when Pod Security refuses the pods ("" when nothing
   * exposure-specific).
   */
  String podSecurityAdvice();

  /**
   * Why the instances cannot be reached (no address to publish), with what to do; empty when they
   * can.
   */
  Optional<Problem> unreachable(List<InstanceStatus> instances);

  /** The Route53 record tree for this region's instances. */
  RecordTree recordTree();

  /** A status condition's reason and message. */
  record Problem(String reason, String message) {}
}
