package io.regionaledge.e2e;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.regionaledge.testkit.route53.LoadBalancers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the AWS Load Balancer Controller and the NLB it provisions for one cluster: for each
 * Service of type LoadBalancer it registers an NLB name of the cluster's region with the Route53
 * simulator (address 127.0.i.200 and up), writes that name to {@code
 * status.loadBalancer.ingress[].hostname} (an EKS load balancer reports no IP), forwards the
 * address's Service port to the ready pods the Service selects (IP targets on the target port), and
 * reports the target health to the simulator: healthy while some target is ready. Everything runs
 * on one thread, looking every {@code tick}.
 */
public final class LoadBalancerStandIn implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerStandIn.class);

  private final Cluster cluster;
  private final LoadBalancers loadBalancers;
  private final ScheduledExecutorService loop;
  private final Map<String, Balancer> balancers = new LinkedHashMap<>();
  private int allocated;

  private record Balancer(String name, String address, int port, TcpForwarder forwarder) {}

  private LoadBalancerStandIn(Cluster cluster, LoadBalancers loadBalancers) {
    this.cluster = cluster;
    this.loadBalancers = loadBalancers;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lb-standin-" + cluster.region());
              t.setDaemon(true);
              return t;
            });
  }

  public static LoadBalancerStandIn start(
      Cluster cluster, LoadBalancers loadBalancers, java.time.Duration tick) {
    LoadBalancerStandIn standIn = new LoadBalancerStandIn(cluster, loadBalancers);
    standIn.loop.scheduleWithFixedDelay(
        standIn::tickSafely, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    return standIn;
  }

  /** The NLB name given to a Service, once provisioned. */
  public java.util.Optional<String> loadBalancerOf(String namespace, String service) {
    return onLoop(
        () -> {
          Balancer b = balancers.get(namespace + "/" + service);
          return b == null ? null : b.name();
        });
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("load-balancer stand-in of {}: {}", cluster.region(), e.toString());
    }
  }

  private void tick() {
    KubernetesClient client = cluster.client();
    Map<String, Service> wanted = new LinkedHashMap<>();
    for (Service s : client.services().inAnyNamespace().list().getItems()) {
      if ("LoadBalancer".equals(s.getSpec().getType())
          && s.getMetadata().getDeletionTimestamp() == null) {
        wanted.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
      }
    }
    for (String key : new ArrayList<>(balancers.keySet())) {
      if (!wanted.containsKey(key)) {
        Balancer gone = balancers.remove(key);
        gone.forwarder().close();
        loadBalancers.remove(gone.name());
        LOG.info("{}: load balancer {} of {} deleted", cluster.region(), gone.name(), key);
      }
    }
    for (Map.Entry<String, Service> e : wanted.entrySet()) {
      Service service = e.getValue();
      Balancer b = balancers.computeIfAbsent(e.getKey(), k -> provision(service));
      List<InetSocketAddress> targets = readyTargets(client, service);
      if (!targets.equals(b.forwarder().targets())) {
        b.forwarder().targets(targets);
        loadBalancers.setHealthy(b.name(), !targets.isEmpty());
        LOG.info("{}: load balancer {} targets {}", cluster.region(), b.name(), targets);
      }
      publishHostname(client, service, b.name());
    }
  }

  private Balancer provision(Service service) {
    ServicePort port = service.getSpec().getPorts().get(0);
    String address = "127.0." + cluster.plan().number() + "." + (200 + allocated++);
    // the LBC's naming: k8s-<namespace>-<service>-<hash>, then the NLB's own id (elbv2 DNS names)
    String id = sha(service.getMetadata().getUid() + cluster.region());
    String name =
        "k8s-"
            + trim(service.getMetadata().getNamespace())
            + "-"
            + trim(service.getMetadata().getName())
            + "-"
            + id.substring(0, 10)
            + "-"
            + id.substring(10, 26)
            + ".elb."
            + cluster.region()
            + ".amazonaws.com";
    try {
      TcpForwarder forwarder = new TcpForwarder(new InetSocketAddress(address, port.getPort()));
      loadBalancers.register(LoadBalancers.Kind.NLB, cluster.region(), name, List.of(address));
      loadBalancers.setHealthy(name, false);
      LOG.info(
          "{}: load balancer {} at {}:{} for Service {}/{}",
          cluster.region(),
          name,
          address,
          port.getPort(),
          service.getMetadata().getNamespace(),
          service.getMetadata().getName());
      return new Balancer(name, address, port.getPort(), forwarder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ":" + port.getPort(), e);
    }
  }

  /**
   * IP targets: the ready pods the selector picks, on the target port (named ports resolved per
   * pod).
   */
  private static List<InetSocketAddress> readyTargets(KubernetesClient client, Service service) {
    Map<String, String> selector = service.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    IntOrString targetPort = service.getSpec().getPorts().get(0).getTargetPort();
    List<InetSocketAddress> out = new ArrayList<>();
    for (Pod pod :
        client
            .pods()
            .inNamespace(service.getMetadata().getNamespace())
            .withLabels(selector)
            .list()
            .getItems()) {
      if (pod.getMetadata().getDeletionTimestamp() != null
          || pod.getStatus() == null
          || pod.getStatus().getPodIP() == null
          || pod.getStatus().getConditions() == null
          || pod.getStatus().getConditions().stream()
              .noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
        continue;
      }
      Integer port = targetPort.getIntVal();
      if (port == null) {
        port =
            pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts().stream())
                .filter(p -> targetPort.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElse(null);
      }
      if (port != null) {
        out.add(new InetSocketAddress(pod.getStatus().getPodIP(), port));
      }
    }
    out.sort(java.util.Comparator.comparing(InetSocketAddress::toString));
    return out;
  }

  private void publishHostname(KubernetesClient client, Service service, String name) {
    var lb = service.getStatus() == null ? null : service.getStatus().getLoadBalancer();
    if (lb != null
        && lb.getIngress() != null
        && lb.getIngress().size() == 1
        && Objects.equals(lb.getIngress().get(0).getHostname(), name)) {
      return;
    }
    try {
      Service latest =
          client
              .services()
              .inNamespace(service.getMetadata().getNamespace())
              .withName(service.getMetadata().getName())
              .get();
      if (latest == null) {
        return;
      }
      latest.setStatus(
          new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
              .withNewLoadBalancer()
              .withIngress(new LoadBalancerIngressBuilder().withHostname(name).build())
              .endLoadBalancer()
              .build());
      client
          .services()
          .inNamespace(service.getMetadata().getNamespace())
          .resource(latest)
          .updateStatus();
    } catch (KubernetesClientException e) {
      LOG.debug(
          "{}: status of Service {} not written yet: {}",
          cluster.region(),
          service.getMetadata().getName(),
          e.getMessage());
    }
  }

  private <T> java.util.Optional<T> onLoop(java.util.concurrent.Callable<T> action) {
    try {
      return java.util.Optional.ofNullable(loop.submit(action).get(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "load-balancer stand-in of " + cluster.region() + ": " + e, e);
    }
  }

  private static String trim(String s) {
    return s.length() > 8 ? s.substring(0, 8) : s;
  }

  private static String sha(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      onLoop(
          () -> {
            balancers
                .values()
                .forEach(
                    b -> {
                      b.forwarder().close();
                      loadBalancers.remove(b.name());
                    });
            balancers.clear();
            return null;
          });
    } finally {
      loop.shutdownNow();
    }
  }
}
