package io.regionaledge.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.regionaledge.operator.RegionalEdgeOperator;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.kube.RbacAuthorizer;
import io.regionaledge.testkit.kube.StrictApiDispatcher;
import io.regionaledge.testkit.kube.StrictKubeApi;
import io.regionaledge.testkit.pki.Leaf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One regional "cluster": the strict mock API server ({@link StrictKubeApi}: RBAC from
 * deploy/base/rbac.yaml enforced on the operator, defaults, status subresource, 409/422), the
 * RegionalEdge CRD, nodes on loopback addresses labelled with the region, a {@link ClusterStandIn}
 * for the controllers and kubelets the mock lacks, and the real operator for this region.
 */
public final class Cluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
  static final String CRD_RESOURCE = "/META-INF/fabric8/regionaledges.edge.regionaledge.io-v1.yml";
  public static final String REGION_LABEL = "topology.kubernetes.io/region";

  private final RegionPlan plan;
  static final String RBAC_RESOURCE = "/deploy/rbac.yaml";
  public static final String OPERATOR_NAMESPACE = "regionaledge-system";
  public static final RbacAuthorizer.User OPERATOR =
      RbacAuthorizer.User.serviceAccount(OPERATOR_NAMESPACE, "regionaledge-operator");
  private final StrictKubeApi api;
  private final KubernetesClient client;
  private final ClusterStandIn standIn;
  private final List<NodeInfo> nodes = new ArrayList<>();
  private final Function<KubernetesClient, RegionalEdgeOperator> operatorFactory;
  private RegionalEdgeOperator operator;
  private KubernetesClient operatorClient;

  public Cluster(
      RegionPlan plan,
      Path workDir,
      ProxyImage image,
      ClusterStandIn.Settings settings,
      Function<KubernetesClient, RegionalEdgeOperator> operatorFactory) {
    Quiet.loggers();
    this.plan = plan;
    this.operatorFactory = operatorFactory;
    try (InputStream rbac = Cluster.class.getResourceAsStream(RBAC_RESOURCE)) {
      if (rbac == null) {
        throw new IllegalStateException(
            "RBAC manifest " + RBAC_RESOURCE + " is not on the classpath (e2e jar)");
      }
      this.api =
          new StrictKubeApi(RbacAuthorizer.fromManifest(rbac), InetAddress.getByName("127.0.0.1"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    api.dispatcher().onCall(new RefusalLog(plan.name()));
    this.client = api.admin();
    char zone = 'a';
    for (String address : plan.nodeAddresses()) {
      String name = plan.name() + "-node-" + (nodes.size() + 1);
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("kubernetes.io/hostname", name);
      labels.put(REGION_LABEL, plan.name());
      labels.put("topology.kubernetes.io/zone", plan.name() + (zone++));
      nodes.add(new NodeInfo(name, address, labels));
    }
    this.standIn = new ClusterStandIn(plan.name(), client, plan, nodes, workDir, image, settings);
  }

  /**
   * Loads the CRD, creates the nodes and the default namespace, starts the stand-in (not the
   * operator).
   */
  public Cluster start() {
    try (InputStream crd = Cluster.class.getResourceAsStream(CRD_RESOURCE)) {
      if (crd == null) {
        throw new IllegalStateException(
            "CRD " + CRD_RESOURCE + " is not on the classpath (operator jar)");
      }
      CustomResourceDefinition definition =
          client.apiextensions().v1().customResourceDefinitions().load(crd).item();
      client.apiextensions().v1().customResourceDefinitions().resource(definition).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String ns : List.of("default", OPERATOR_NAMESPACE)) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    for (NodeInfo node : nodes) {
      client.nodes().resource(node(node)).create();
    }
    standIn.start();
    LOG.info(
        "cluster {} up: API server {}, nodes {}",
        plan.name(),
        client.getMasterUrl(),
        nodes.stream().map(NodeInfo::address).toList());
    return this;
  }

  private static Node node(NodeInfo node) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(node.name())
        .withLabels(node.labels())
        .endMetadata()
        .withNewStatus()
        .addNewAddress()
        .withType("ExternalIP")
        .withAddress(node.address())
        .endAddress()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(node.address())
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(node.name())
        .endAddress()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .endCondition()
        .endStatus()
        .build();
  }

  public synchronized void startOperator() {
    if (operator != null) {
      return;
    }
    operatorClient = api.clientFor(OPERATOR, "regionaledge-operator/" + plan.name());
    operator = operatorFactory.apply(operatorClient);
    operator.start();
  }

  /** Stops the operator as a killed pod would leave things: no cleanup beyond what stop() does. */
  public synchronized void stopOperator() {
    if (operator == null) {
      return;
    }
    try {
      operator.stop();
    } finally {
      operator = null;
      operatorClient.close();
      operatorClient = null;
    }
  }

  public synchronized boolean operatorRunning() {
    return operator != null;
  }

  /** Creates the resource, or replaces its spec (the mock has no server-side apply). */
  public RegionalEdge apply(RegionalEdge edge) {
    // a user's manifest has no status; CustomResource starts with an empty one
    edge = io.fabric8.kubernetes.client.utils.Serialization.clone(edge);
    edge.setStatus(null);
    RegionalEdge desired = edge;
    return client
        .resources(RegionalEdge.class)
        .inNamespace(edge.getMetadata().getNamespace())
        .resource(edge)
        .createOr(
            existing ->
                existing.edit(
                    current -> {
                      current.setSpec(desired.getSpec());
                      return current;
                    }));
  }

  /** Changes a resource as {@code kubectl edit} would (a JSON patch of the difference). */
  public RegionalEdge edit(
      String namespace, String name, java.util.function.Consumer<RegionalEdge> change) {
    return client
        .resources(RegionalEdge.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            current -> {
              change.accept(current);
              return current;
            });
  }

  public boolean delete(String namespace, String name) {
    return !client
        .resources(RegionalEdge.class)
        .inNamespace(namespace)
        .withName(name)
        .delete()
        .isEmpty();
  }

  /** Creates or replaces a kubernetes.io/tls Secret, as {@code kubectl create secret tls} would. */
  public void createTlsSecret(String namespace, String name, Leaf leaf) {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .endMetadata()
            .withType("kubernetes.io/tls")
            // data, not stringData: the mock does not fold stringData into data as an API server
            // does
            .addToData("tls.crt", base64(leaf.certificateChainPem()))
            .addToData("tls.key", base64(leaf.privateKeyPem()))
            .build();
    client.secrets().inNamespace(namespace).resource(secret).createOr(s -> s.update());
  }

  private static String base64(String text) {
    return java.util.Base64.getEncoder()
        .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public RegionalEdge get(String namespace, String name) {
    return client.resources(RegionalEdge.class).inNamespace(namespace).withName(name).get();
  }

  public String region() {
    return plan.name();
  }

  public RegionPlan plan() {
    return plan;
  }

  public KubernetesClient client() {
    return client;
  }

  public ClusterStandIn standIn() {
    return standIn;
  }

  public List<NodeInfo> nodes() {
    return List.copyOf(nodes);
  }

  /** A kubeconfig for a real kubectl against this cluster's API server (as its admin). */
  public Path writeKubeconfig(Path file) {
    return api.writeKubeconfig(file, plan.name());
  }

  /** Every request the API server answered, with who made it. */
  public List<StrictApiDispatcher.Call> apiCalls() {
    return api.dispatcher().calls();
  }

  public String apiServerUrl() {
    return client.getMasterUrl().toString();
  }

  @Override
  public void close() {
    try {
      stopOperator();
    } catch (RuntimeException e) {
      LOG.warn("stopping the operator of {}: {}", plan.name(), e.toString());
    }
    standIn.close();
    api.close();
  }
}
