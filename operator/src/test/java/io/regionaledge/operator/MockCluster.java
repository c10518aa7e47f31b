package io.regionaledge.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.crd.SchemaCheck;
import io.regionaledge.testkit.kube.RbacAuthorizer;
import io.regionaledge.testkit.kube.StrictApiDispatcher;
import io.regionaledge.testkit.kube.StrictKubeApi;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The strict mock API server ({@link StrictKubeApi}) with the committed CRD loaded, a cluster-admin
 * client for the test, and a client for the operator that authenticates as its ServiceAccount and
 * is authorized by deploy/base/rbac.yaml, as in a cluster. Plays kubelet and node controller
 * through its helpers, writing status the way they do (the status subresource).
 */
public class MockCluster implements AutoCloseable {
  public static final String OPERATOR_AGENT = "regionaledge-operator-under-test";
  public static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  public static final Path CRD = REPO.resolve("crds/regionaledges.edge.regionaledge.io-v1.yml");
  public static final Path RBAC = REPO.resolve("deploy/base/rbac.yaml");
  public static final String OPERATOR_NAMESPACE = "regionaledge-system";
  public static final RbacAuthorizer.User OPERATOR =
      RbacAuthorizer.User.serviceAccount(OPERATOR_NAMESPACE, "regionaledge-operator");

  /** Kept strongly so JUL does not forget the level: the mock logs every request at INFO. */
  private static final List<Logger> QUIETED = new ArrayList<>();

  static {
    for (String name :
        List.of("io.fabric8.mockwebserver", "io.fabric8.kubernetes.client.server.mock")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.WARNING);
      QUIETED.add(logger);
    }
  }

  private final StrictKubeApi api;
  public final KubernetesClient client;
  public final KubernetesClient operatorClient;

  public MockCluster() throws Exception {
    api = new StrictKubeApi(RbacAuthorizer.fromManifest(RBAC));
    client = api.admin();
    operatorClient = api.clientFor(OPERATOR, OPERATOR_AGENT);
    try (InputStream in = Files.newInputStream(CRD)) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(in).create();
      // The committed schema and its CEL rules, enforced at admission as the API server does.
      var schema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
      api.dispatcher()
          .validateCustomResources(crd.getSpec().getGroup(), o -> SchemaCheck.validate(schema, o));
    }
    namespace(OPERATOR_NAMESPACE);
  }

  /** Requests the operator made (not the test's own), with the server's answer. */
  public List<StrictApiDispatcher.Call> operatorCalls() {
    return api.callsBy(OPERATOR);
  }

  public StrictKubeApi api() {
    return api;
  }

  public void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  public Node node(String name, String region, String externalIp) {
    return client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("topology.kubernetes.io/region", region)
                .endMetadata()
                .withNewStatus()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress("10.0.0." + name.length())
                .endAddress()
                .addNewAddress()
                .withType("ExternalIP")
                .withAddress(externalIp)
                .endAddress()
                .endStatus()
                .build())
        .create();
  }

  public Secret tlsSecret(String namespace, String name) {
    Base64.Encoder b64 = Base64.getEncoder();
    return client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData(
                    "tls.crt", b64.encodeToString("-----BEGIN CERTIFICATE-----\n".getBytes()))
                .addToData(
                    "tls.key", b64.encodeToString("-----BEGIN PRIVATE KEY-----\n".getBytes()))
                .build())
        .create();
  }

  public RegionalEdge apply(String namespace, InputStream manifest) {
    RegionalEdge edge = client.resources(RegionalEdge.class).load(manifest).item();
    edge.getMetadata().setNamespace(namespace);
    return client.resources(RegionalEdge.class).inNamespace(namespace).resource(edge).create();
  }

  public RegionalEdge edge(String namespace, String name) {
    return client.resources(RegionalEdge.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * What a ReplicaSet and the kubelet would make of the Deployment: one pod per node, Ready as
   * given.
   */
  public List<Pod> runPods(Deployment deployment, List<String> nodes, boolean ready) {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      pods.add(
          client
              .pods()
              .inNamespace(deployment.getMetadata().getNamespace())
              .resource(
                  new PodBuilder()
                      .withNewMetadata()
                      .withName(deployment.getMetadata().getName() + "-abc12-" + i)
                      .withNamespace(deployment.getMetadata().getNamespace())
                      .withLabels(labels)
                      .endMetadata()
                      .withSpec(deployment.getSpec().getTemplate().getSpec())
                      .editSpec()
                      .withNodeName(nodes.get(i))
                      .endSpec()
                      .build())
              .create());
    }
    // The API server drops a status sent with the create (pod strategy PrepareForCreate): the
    // kubelet reports it afterwards through pods/status.
    pods.replaceAll(p -> setReady(p, ready));
    return pods;
  }

  public Pod setReady(Pod pod, boolean ready) {
    return client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            p ->
                new PodBuilder(p)
                    .withNewStatus()
                    .withPhase("Running")
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus(ready ? "True" : "False")
                    .endCondition()
                    .endStatus()
                    .build());
  }

  public <T extends HasMetadata> void delete(T resource) {
    client.resource(resource).delete();
  }

  public CustomResourceDefinition crd() {
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("regionaledges.edge.regionaledge.io")
        .get();
  }

  @Override
  public void close() {
    operatorClient.close();
    api.close();
  }
}
