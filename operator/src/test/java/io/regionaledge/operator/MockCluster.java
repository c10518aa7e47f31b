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
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.regionaledge.operator.api.RegionalEdge;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fabric8 CRUD mock API server with the committed CRD loaded (so the status subresource exists),
 * a client for the test and a separately identified client for the operator, whose requests are
 * recorded for the RBAC check. Plays kubelet and node controller through its helpers.
 */
public class MockCluster implements AutoCloseable {
  public static final String OPERATOR_AGENT = "regionaledge-operator-under-test";
  public static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  public static final Path CRD = REPO.resolve("crds/regionaledges.edge.regionaledge.io-v1.yml");
  /** Kept strongly so JUL does not forget the level: the mock logs every request at INFO. */
  private static final List<Logger> QUIETED = new ArrayList<>();

  static {
    for (String name : List.of("io.fabric8.mockwebserver", "io.fabric8.kubernetes.client.server.mock")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.WARNING);
      QUIETED.add(logger);
    }
  }

  /** One request as the API server saw it. */
  public record Call(String method, String path, String userAgent) {}

  private final KubernetesMockServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  public final KubernetesClient client;
  public final KubernetesClient operatorClient;

  public MockCluster() throws Exception {
    KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(List.of()) {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        calls.add(new Call(request.getMethod(), request.getPath(), request.getHeader("User-Agent")));
        if (request.getPath().startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
          // The CRUD mock would store the review (and reject it, having no name); an API server
          // answers it. JOSDK asks before leader election whether it may use Leases.
          return new MockResponse().setResponseCode(201).addHeader("Content-Type: application/json").setBody(
              "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\",\"spec\":{},"
              + "\"status\":{\"incomplete\":false,\"nonResourceRules\":[],\"resourceRules\":[{\"verbs\":[\"*\"],"
              + "\"apiGroups\":[\"coordination.k8s.io\"],\"resources\":[\"leases\"]}]}}");
        }
        return super.dispatch(request);
      }
    };
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    Config operatorConfig = new ConfigBuilder(client.getConfiguration()).withUserAgent(OPERATOR_AGENT).build();
    operatorClient = new KubernetesClientBuilder().withConfig(operatorConfig).build();
    try (InputStream crd = Files.newInputStream(CRD)) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    }
  }

  /** Requests the operator made (not the test's own). */
  public List<Call> operatorCalls() {
    return calls.stream().filter(c -> OPERATOR_AGENT.equals(c.userAgent())).toList();
  }

  public void namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  public Node node(String name, String region, String externalIp) {
    return client.nodes().resource(new NodeBuilder()
        .withNewMetadata().withName(name).addToLabels("topology.kubernetes.io/region", region).endMetadata()
        .withNewStatus()
          .addNewAddress().withType("InternalIP").withAddress("10.0.0." + name.length()).endAddress()
          .addNewAddress().withType("ExternalIP").withAddress(externalIp).endAddress()
        .endStatus()
        .build()).create();
  }

  public Secret tlsSecret(String namespace, String name) {
    Base64.Encoder b64 = Base64.getEncoder();
    return client.secrets().inNamespace(namespace).resource(new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withType("kubernetes.io/tls")
        .addToData("tls.crt", b64.encodeToString("-----BEGIN CERTIFICATE-----\n".getBytes()))
        .addToData("tls.key", b64.encodeToString("-----BEGIN PRIVATE KEY-----\n".getBytes()))
        .build()).create();
  }

  public RegionalEdge apply(String namespace, InputStream manifest) {
    RegionalEdge edge = client.resources(RegionalEdge.class).load(manifest).item();
    edge.getMetadata().setNamespace(namespace);
    return client.resources(RegionalEdge.class).inNamespace(namespace).resource(edge).create();
  }

  public RegionalEdge edge(String namespace, String name) {
    return client.resources(RegionalEdge.class).inNamespace(namespace).withName(name).get();
  }

  /** What a ReplicaSet and the kubelet would make of the Deployment: one pod per node, Ready as given. */
  public List<Pod> runPods(Deployment deployment, List<String> nodes, boolean ready) {
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      pods.add(client.pods().inNamespace(deployment.getMetadata().getNamespace()).resource(new PodBuilder()
          .withNewMetadata()
            .withName(deployment.getMetadata().getName() + "-abc12-" + i)
            .withNamespace(deployment.getMetadata().getNamespace())
            .withLabels(labels)
          .endMetadata()
          .withSpec(deployment.getSpec().getTemplate().getSpec())
          .editSpec().withNodeName(nodes.get(i)).endSpec()
          .withNewStatus().withPhase("Running")
            .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
          .endStatus()
          .build()).create());
    }
    return pods;
  }

  public Pod setReady(Pod pod, boolean ready) {
    return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .edit(p -> new PodBuilder(p).editStatus().withConditions().addNewCondition()
            .withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build());
  }

  public <T extends HasMetadata> void delete(T resource) {
    client.resource(resource).delete();
  }

  public CustomResourceDefinition crd() {
    return client.apiextensions().v1().customResourceDefinitions()
        .withName("regionaledges.edge.regionaledge.io").get();
  }

  @Override
  public void close() {
    operatorClient.close();
    client.close();
    server.destroy();
  }
}
