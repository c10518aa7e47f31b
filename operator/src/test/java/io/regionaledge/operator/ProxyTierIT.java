package io.regionaledge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.api.RegionalEdgeStatus;
import io.regionaledge.operator.reconciler.ProxyLabels;
import io.regionaledge.operator.reconciler.StatusConditions;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole operator for us-east-1 against the strict mock API server, authorized by the deployed
 * RBAC and holding its Lease as in a cluster, driven by the example manifest.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyTierIT {
  static final String REGION = "us-east-1";
  static final Duration WAIT = Duration.ofSeconds(20);
  static final AtomicInteger NS = new AtomicInteger();

  static MockCluster cluster;
  static RecordingDnsSync dns;
  static RegionalEdgeOperator operator;
  static final String IDENTITY = "proxy-tier-it";

  @BeforeAll
  static void startOperator() throws Exception {
    cluster = new MockCluster();
    cluster.node("node-a", REGION, "203.0.113.10");
    cluster.node("node-b", REGION, "203.0.113.11");
    dns = new RecordingDnsSync();
    operator =
        new RegionalEdgeOperator(
            cluster.operatorClient,
            OperatorSettings.embedded(REGION)
                .withMaxReconcileInterval(Duration.ofSeconds(30))
                .withLeaderElection(
                    "regionaledge-operator", MockCluster.OPERATOR_NAMESPACE, IDENTITY),
            dns);
    operator.start();
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static String freshNamespace() {
    String ns = "t" + NS.incrementAndGet();
    cluster.namespace(ns);
    return ns;
  }

  /** A new namespace holding the TLS Secret and the applied example, as a user would set it up. */
  static String exampleInFreshNamespace() throws Exception {
    String ns = freshNamespace();
    cluster.tlsSecret(ns, "fast-example-com-tls");
    applyExample(ns);
    return ns;
  }

  static RegionalEdge applyExample(String ns) throws Exception {
    try (InputStream in =
        Files.newInputStream(MockCluster.REPO.resolve("deploy/examples/fast.yaml"))) {
      return cluster.apply(ns, in);
    }
  }

  /** The example, not yet created, for a test to alter first. */
  static RegionalEdge loadExample(String ns) throws Exception {
    try (InputStream in =
        Files.newInputStream(MockCluster.REPO.resolve("deploy/examples/fast.yaml"))) {
      RegionalEdge edge = cluster.client.resources(RegionalEdge.class).load(in).item();
      edge.getMetadata().setNamespace(ns);
      return edge;
    }
  }

  static Deployment awaitDeployment(String ns) {
    return await()
        .atMost(WAIT)
        .until(
            () -> cluster.client.apps().deployments().inNamespace(ns).withName("fast-proxy").get(),
            d -> d != null);
  }

  static RegionalEdgeStatus awaitStatus(
      String ns, java.util.function.Predicate<RegionalEdgeStatus> p) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                Optional.ofNullable(cluster.edge(ns, "fast"))
                    .map(RegionalEdge::getStatus)
                    .orElse(null),
            s -> s != null && p.test(s));
  }

  static Optional<Condition> condition(RegionalEdgeStatus status, String type) {
    return StatusConditions.find(status.getConditions(), type);
  }

  @Test
  @Order(1)
  void applyingTheExampleCreatesExactlyThisRegionsProxyTier() throws Exception {
    String ns = freshNamespace();
    cluster.tlsSecret(ns, "fast-example-com-tls");
    RegionalEdge edge = applyExample(ns);
    Deployment deployment = awaitDeployment(ns);
    edge = cluster.edge(ns, "fast");

    ConfigMap config = cluster.client.configMaps().inNamespace(ns).withName("fast-proxy").get();
    assertThat(config.getData())
        .containsEntry("REGIONALEDGE_BACKEND", "us-east-1-fast.example.com")
        .containsEntry("REGIONALEDGE_LISTEN", "0.0.0.0:8443")
        .containsEntry("REGIONALEDGE_ADMIN_LISTEN", "0.0.0.0:9090")
        .containsEntry("REGIONALEDGE_HEALTH_PATH", "/.well-known/regionaledge/health");
    assertThat(config.getData().values()).noneMatch(v -> v.contains("eu-west-1"));

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    Container proxy = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(proxy.getArgs())
        .containsExactly(
            "--cert", "/etc/regionaledge/tls/tls.crt", "--key", "/etc/regionaledge/tls/tls.key");
    assertThat(proxy.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("fast-proxy");
    assertThat(proxy.getPorts())
        .anySatisfy(
            p -> {
              assertThat(p.getName()).isEqualTo("https");
              assertThat(p.getContainerPort()).isEqualTo(8443);
              assertThat(p.getHostPort()).isEqualTo(443);
            });
    assertThat(proxy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(proxy.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(proxy.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/regionaledge/tls");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v -> assertThat(v.getSecret().getSecretName()).isEqualTo("fast-example-com-tls"));
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "regionaledge")
        .containsEntry("app.kubernetes.io/instance", "fast")
        .containsEntry("edge.regionaledge.io/region", REGION);
    assertOwnedBy(deployment.getMetadata().getOwnerReferences(), edge);
    assertOwnedBy(config.getMetadata().getOwnerReferences(), edge);

    PodDisruptionBudget pdb =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    cluster
                        .client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(ns)
                        .withName("fast-proxy")
                        .get(),
                p -> p != null);
    assertOwnedBy(pdb.getMetadata().getOwnerReferences(), edge);
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(ProxyLabels.selector(edge));

    // Exactly these objects, and no Service for HostPort exposure.
    assertThat(cluster.client.apps().deployments().inNamespace(ns).list().getItems()).hasSize(1);
    assertThat(cluster.client.configMaps().inNamespace(ns).list().getItems()).hasSize(1);
    assertThat(cluster.client.services().inNamespace(ns).list().getItems()).isEmpty();

    RegionalEdgeStatus status = awaitStatus(ns, s -> s.getReady() != null);
    assertThat(status.getRegion()).isEqualTo(REGION);
    assertThat(status.getReady()).isEqualTo("0/2");
    assertThat(condition(status, "Ready"))
        .get()
        .extracting(Condition::getStatus)
        .isEqualTo("False");
    assertThat(cluster.edge(ns, "fast").getMetadata().getFinalizers()).isNotEmpty();
  }

  private static void assertOwnedBy(List<OwnerReference> refs, RegionalEdge edge) {
    assertThat(refs)
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("RegionalEdge");
              assertThat(ref.getName()).isEqualTo("fast");
              assertThat(ref.getUid()).isEqualTo(edge.getMetadata().getUid());
              assertThat(ref.getController()).isTrue();
            });
  }

  @Test
  @Order(2)
  void readyPodsMoveStatusToTwoOfTwoAndAnUnreadyPodShowsWithinSeconds() throws Exception {
    String ns = exampleInFreshNamespace();
    Deployment deployment = awaitDeployment(ns);
    List<Pod> pods = cluster.runPods(deployment, List.of("node-a", "node-b"), true);

    RegionalEdgeStatus status = awaitStatus(ns, s -> "2/2".equals(s.getReady()));
    assertThat(condition(status, "Ready")).get().extracting(Condition::getStatus).isEqualTo("True");
    assertThat(condition(status, "ProxiesReady"))
        .get()
        .extracting(Condition::getStatus)
        .isEqualTo("True");
    assertThat(condition(status, "DnsSynced"))
        .get()
        .extracting(Condition::getStatus)
        .isEqualTo("True");
    assertThat(status.getDns()).isEqualTo("Synced");
    assertThat(status.getInstances())
        .extracting(
            InstanceStatus::getPod,
            InstanceStatus::getNode,
            InstanceStatus::getPublicAddress,
            InstanceStatus::getReady)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                pods.get(0).getMetadata().getName(), "node-a", "203.0.113.10", true),
            org.assertj.core.groups.Tuple.tuple(
                pods.get(1).getMetadata().getName(), "node-b", "203.0.113.11", true));
    String readySince = condition(status, "Ready").orElseThrow().getLastTransitionTime();

    long unreadyAt = System.nanoTime();
    cluster.setReady(pods.get(1), false);
    status =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> cluster.edge(ns, "fast").getStatus(), s -> "1/2".equals(s.getReady()));
    System.out.printf(
        "pod unready -> status 1/2 in %d ms%n", (System.nanoTime() - unreadyAt) / 1_000_000);
    assertThat(status.getInstances())
        .filteredOn(i -> !i.getReady())
        .singleElement()
        .extracting(InstanceStatus::getNode)
        .isEqualTo("node-b");
    assertThat(condition(status, "Ready"))
        .get()
        .extracting(Condition::getReason)
        .isEqualTo("ProxiesNotReady");
    assertThat(dns.lastSync.get("fast")).filteredOn(i -> !i.getReady()).hasSize(1);

    cluster.setReady(pods.get(1), true);
    status = awaitStatus(ns, s -> "2/2".equals(s.getReady()));
    assertThat(condition(status, "Ready").orElseThrow().getLastTransitionTime())
        .as("a new transition")
        .isGreaterThanOrEqualTo(readySince);
    assertThat(cluster.client.v1().events().inNamespace(ns).list().getItems())
        .extracting(e -> e.getReason())
        .contains("Ready", "ProxiesNotReady", "DnsSynced");
  }

  @Test
  @Order(3)
  void aSpecChangeRollsTheDeploymentThroughItsConfigHash() throws Exception {
    String ns = exampleInFreshNamespace();
    String before =
        awaitDeployment(ns)
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(ProxyLabels.CONFIG_HASH);

    cluster
        .client
        .resources(RegionalEdge.class)
        .inNamespace(ns)
        .withName("fast")
        .edit(
            e -> {
              e.getSpec().getProxy().setResponseTimeout("7s");
              return e;
            });

    Deployment rolled =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    cluster
                        .client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("fast-proxy")
                        .get(),
                d ->
                    !before.equals(
                        d.getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getAnnotations()
                            .get(ProxyLabels.CONFIG_HASH)));
    assertThat(
            rolled
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(ProxyLabels.CONFIG_HASH))
        .isNotBlank();
    assertThat(cluster.client.configMaps().inNamespace(ns).withName("fast-proxy").get().getData())
        .containsEntry("REGIONALEDGE_RESPONSE_TIMEOUT", "7s");
  }

  @Test
  @Order(4)
  void aDeletedDeploymentComesBack() throws Exception {
    String ns = exampleInFreshNamespace();
    Deployment first = awaitDeployment(ns);
    cluster.delete(first);
    Deployment second =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    cluster
                        .client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("fast-proxy")
                        .get(),
                d -> d != null && !d.getMetadata().getUid().equals(first.getMetadata().getUid()));
    assertThat(second.getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  @Order(5)
  void aHandEditedDeploymentIsPutBack() throws Exception {
    String ns = exampleInFreshNamespace();
    awaitDeployment(ns);
    cluster
        .client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("fast-proxy")
        .edit(
            d -> {
              d.getSpec().setReplicas(5);
              return d;
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster
                    .client
                    .apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName("fast-proxy")
                    .get()
                    .getSpec()
                    .getReplicas(),
            r -> r == 2);
  }

  @Test
  @Order(6)
  void deletingTheResourceLeavesNothingOfOursAndWithdrawsDns() throws Exception {
    String ns = exampleInFreshNamespace();
    awaitDeployment(ns);
    cluster.client.resources(RegionalEdge.class).inNamespace(ns).withName("fast").delete();

    await().atMost(WAIT).until(() -> cluster.edge(ns, "fast") == null);
    assertThat(dns.cleanups).contains(REGION + "/fast");
    Map<String, String> ours = Map.of(ProxyLabels.MANAGED_BY, ProxyLabels.MANAGED_BY_VALUE);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      cluster
                          .client
                          .apps()
                          .deployments()
                          .inNamespace(ns)
                          .withLabels(ours)
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(
                      cluster
                          .client
                          .configMaps()
                          .inNamespace(ns)
                          .withLabels(ours)
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(
                      cluster
                          .client
                          .policy()
                          .v1()
                          .podDisruptionBudget()
                          .inNamespace(ns)
                          .withLabels(ours)
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(
                      cluster.client.services().inNamespace(ns).withLabels(ours).list().getItems())
                  .isEmpty();
            });
  }

  @Test
  @Order(7)
  void aMissingOrWrongTlsSecretIsAConditionWhileOtherResourcesKeepReconciling() throws Exception {
    String missing = freshNamespace();
    applyExample(missing);
    String wrongType = freshNamespace();
    cluster
        .client
        .secrets()
        .inNamespace(wrongType)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("fast-example-com-tls")
                .endMetadata()
                .withType("Opaque")
                .addToData("tls.crt", "eA==")
                .build())
        .create();
    applyExample(wrongType);
    String good = freshNamespace();
    cluster.tlsSecret(good, "fast-example-com-tls");
    applyExample(good);

    RegionalEdgeStatus m = awaitStatus(missing, s -> condition(s, "Ready").isPresent());
    assertThat(condition(m, "Ready"))
        .get()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("TlsSecretMissing");
              assertThat(c.getMessage()).contains("fast-example-com-tls");
            });
    RegionalEdgeStatus w = awaitStatus(wrongType, s -> condition(s, "Ready").isPresent());
    assertThat(condition(w, "Ready"))
        .get()
        .extracting(Condition::getReason)
        .isEqualTo("TlsSecretWrongType");
    assertThat(cluster.client.apps().deployments().inNamespace(missing).list().getItems())
        .isEmpty();
    awaitDeployment(good);

    // Fixing the Secret is noticed without touching the resource.
    cluster.tlsSecret(missing, "fast-example-com-tls");
    awaitDeployment(missing);
    long warnings =
        cluster.client.v1().events().inNamespace(missing).list().getItems().stream()
            .filter(e -> "TlsSecretMissing".equals(e.getReason()))
            .count();
    assertThat(warnings).as("one event per transition, not per reconcile").isEqualTo(1);
  }

  @Test
  @Order(8)
  void aResourceWithoutThisRegionIsLeftAloneWithAStatusSayingSo() throws Exception {
    String ns = freshNamespace();
    cluster.tlsSecret(ns, "fast-example-com-tls");
    RegionalEdge edge = loadExample(ns);
    edge.getSpec().getRegions().removeIf(r -> r.getName().equals(REGION));
    int cleanupsBefore = dns.cleanups.size();
    cluster.client.resource(edge).create();

    RegionalEdgeStatus status = awaitStatus(ns, s -> condition(s, "Ready").isPresent());
    assertThat(condition(status, "Ready"))
        .get()
        .extracting(Condition::getReason)
        .isEqualTo("RegionNotListed");
    assertThat(status.getDns()).isEqualTo("NotListed");
    assertThat(cluster.client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(cluster.client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(dns.cleanups).as("nothing of ours to withdraw").hasSize(cleanupsBefore);
  }

  @Test
  @Order(9)
  void droppingThisRegionFromTheSpecRemovesTheProxyTierAndItsDns() throws Exception {
    String ns = exampleInFreshNamespace();
    awaitDeployment(ns);
    awaitStatus(ns, s -> s.getDesiredReplicas() != null);
    int cleanupsBefore = dns.cleanups.size();

    cluster
        .client
        .resources(RegionalEdge.class)
        .inNamespace(ns)
        .withName("fast")
        .edit(
            e -> {
              e.getSpec().getRegions().removeIf(r -> r.getName().equals(REGION));
              return e;
            });

    awaitStatus(
        ns,
        s -> condition(s, "Ready").map(c -> "RegionNotListed".equals(c.getReason())).orElse(false));
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster.client.apps().deployments().inNamespace(ns).list().getItems().isEmpty()
                    && cluster.client.configMaps().inNamespace(ns).list().getItems().isEmpty());
    assertThat(dns.cleanups.size()).isGreaterThan(cleanupsBefore);
  }

  @Test
  @Order(10)
  void loadBalancerExposureGetsAServiceAndItsAddressInStatus() throws Exception {
    String ns = freshNamespace();
    cluster.tlsSecret(ns, "fast-example-com-tls");
    RegionalEdge edge = loadExample(ns);
    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
    edge.getSpec().getExposure().setPort(8443);
    cluster.client.resource(edge).create();

    var service =
        await()
            .atMost(WAIT)
            .until(
                () -> cluster.client.services().inNamespace(ns).withName("fast-proxy").get(),
                s -> s != null);
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8443);
    Deployment deployment = awaitDeployment(ns);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
        .allSatisfy(p -> assertThat(p.getHostPort()).isNull());

    cluster
        .client
        .services()
        .inNamespace(ns)
        .resource(
            new ServiceBuilder(service)
                .withNewStatus()
                .withNewLoadBalancer()
                .addNewIngress()
                .withIp("198.51.100.7")
                .endIngress()
                .endLoadBalancer()
                .endStatus()
                .build())
        .updateStatus();
    cluster.runPods(deployment, List.of("node-a", "node-b"), true);
    RegionalEdgeStatus status =
        awaitStatus(
            ns,
            s ->
                "2/2".equals(s.getReady())
                    && s.getInstances().stream()
                        .allMatch(i -> "198.51.100.7".equals(i.getPublicAddress())));
    assertThat(status.getInstances()).hasSize(2);
  }

  @Test
  @Order(11)
  void theAdminServerAnswersHealthAndPrometheusMetrics() throws Exception {
    int port = operator.adminPort();
    assertThat(port).isPositive();
    var http = java.net.http.HttpClient.newHttpClient();
    var health =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/healthz"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    var metrics =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("operator_sdk_").contains("jvm_memory_used_bytes");
  }

  @Test
  @Order(12)
  void aRegionListedTwiceOrANameTooLongForTheProxyServiceIsRefusedAtAdmission() throws Exception {
    String ns = freshNamespace();
    cluster.tlsSecret(ns, "fast-example-com-tls");
    RegionalEdge twice = loadExample(ns);
    twice.getSpec().getRegions().get(1).setName(REGION);
    assertThatThrownBy(() -> cluster.client.resource(twice).create())
        .isInstanceOfSatisfying(
            io.fabric8.kubernetes.client.KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("regions");

    RegionalEdge longName = loadExample(ns);
    longName.getMetadata().setName("a".repeat(58));
    assertThatThrownBy(() -> cluster.client.resource(longName).create())
        .isInstanceOfSatisfying(
            io.fabric8.kubernetes.client.KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(422));
    assertThat(cluster.client.resources(RegionalEdge.class).inNamespace(ns).list().getItems())
        .isEmpty();
  }

  @Test
  @Order(20)
  void afterConvergencePodEventsAndResyncsWriteNothingToTheApiServer() throws Exception {
    String ns = exampleInFreshNamespace();
    Deployment deployment = awaitDeployment(ns);
    List<Pod> pods = cluster.runPods(deployment, List.of("node-a", "node-b"), true);
    awaitStatus(
        ns,
        s ->
            "2/2".equals(s.getReady())
                && condition(s, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false));
    // Let the reconciles the convergence itself triggered settle.
    await().atMost(WAIT).until(() -> quietFor(ns, Duration.ofSeconds(2)));
    int mark = cluster.operatorCalls().size();

    for (int i = 0; i < 5; i++) {
      // A status heartbeat of each pod, as kubelets send them: a pod event, a reconcile each.
      Pod pod = pods.get(i % 2);
      cluster
          .client
          .pods()
          .inNamespace(ns)
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.getStatus().setMessage("heartbeat " + System.nanoTime());
                return p;
              });
    }
    cluster
        .client
        .resources(RegionalEdge.class)
        .inNamespace(ns)
        .withName("fast")
        .edit(
            e -> {
              e.getMetadata()
                  .setAnnotations(new java.util.HashMap<>(java.util.Map.of("test/touch", "1")));
              return e;
            });

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .until(() -> writesSince(mark).isEmpty());
    System.out.printf(
        "steady state: %d API writes by the operator after 5 pod events and a resource event%n",
        writesSince(mark).size());
  }

  @Test
  @Order(21)
  void kubectlRolloutRestartRollsOnceAndIsNotUndone() throws Exception {
    String ns = exampleInFreshNamespace();
    Deployment deployment = awaitDeployment(ns);
    List<Pod> pods = cluster.runPods(deployment, List.of("node-a", "node-b"), true);
    awaitStatus(ns, s -> "2/2".equals(s.getReady()));
    long generation =
        cluster
            .client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName("fast-proxy")
            .get()
            .getMetadata()
            .getGeneration();
    int mark = cluster.operatorCalls().size();

    // What `kubectl rollout restart deployment/fast-proxy` sends.
    cluster
        .client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("fast-proxy")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE),
            "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{"
                + "\"kubectl.kubernetes.io/restartedAt\":\"2026-12-01T00:00:00Z\"}}}}}");
    cluster.setReady(pods.get(0), false);
    cluster.setReady(pods.get(0), true);

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .until(
            () -> {
              Deployment d =
                  cluster.client.apps().deployments().inNamespace(ns).withName("fast-proxy").get();
              return d.getMetadata().getGeneration() == generation + 1
                  && "2026-12-01T00:00:00Z"
                      .equals(
                          d.getSpec()
                              .getTemplate()
                              .getMetadata()
                              .getAnnotations()
                              .get("kubectl.kubernetes.io/restartedAt"));
            });
    assertThat(writesSince(mark))
        .as("the operator wrote nothing back to the Deployment")
        .noneMatch(w -> w.contains("/deployments/"));
  }

  @Test
  @Order(100)
  void theOperatorKeepsItsLeaseThroughSeveralRenewalsAndNoRequestOfItsIsRefused() throws Exception {
    var lease =
        await()
            .atMost(Duration.ofSeconds(40))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    cluster
                        .client
                        .leases()
                        .inNamespace(MockCluster.OPERATOR_NAMESPACE)
                        .withName("regionaledge-operator")
                        .get(),
                l ->
                    l != null
                        && l.getSpec().getRenewTime() != null
                        && l.getSpec().getAcquireTime() != null
                        && java.time.Duration.between(
                                    l.getSpec().getAcquireTime().toInstant(),
                                    l.getSpec().getRenewTime().toInstant())
                                .toSeconds()
                            >= 15);
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(IDENTITY);
    List<StrictApiCall> refused =
        cluster.operatorCalls().stream()
            .filter(c -> c.code() == 403)
            .map(c -> new StrictApiCall(c.method(), c.request().path()))
            .distinct()
            .toList();
    assertThat(refused).as("requests the deployed RBAC refused").isEmpty();
    assertThat(cluster.operatorCalls())
        .as("renewals were made")
        .anyMatch(
            c ->
                c.method().equals("PATCH")
                    && c.request().resource().equals("leases")
                    && c.code() < 300);
  }

  @Test
  @Order(99)
  void everyStatusWriteIsConditionedOnTheResourceVersionItWasComputedFrom() {
    var statusWrites =
        cluster.operatorCalls().stream()
            .filter(c -> c.isWrite() && "status".equals(c.request().subresource()))
            .toList();
    assertThat(statusWrites).as("status was written").isNotEmpty();
    assertThat(statusWrites)
        .allSatisfy(
            c ->
                assertThat(c.preconditionVersion())
                    .as(c.method() + " " + c.request().path() + " carries a resourceVersion")
                    .isNotEmpty());
  }

  record StrictApiCall(String method, String path) {}

  /** The operator's writes to the API server after call number {@code mark}, leases aside. */
  static List<String> writesSince(int mark) {
    List<io.regionaledge.testkit.kube.StrictApiDispatcher.Call> calls = cluster.operatorCalls();
    return calls.subList(Math.min(mark, calls.size()), calls.size()).stream()
        .filter(c -> c.isWrite() && !c.request().resource().equals("leases"))
        .map(c -> c.method() + " " + c.request().path())
        .toList();
  }

  static List<String> writesIn(String ns) {
    return cluster.operatorCalls().stream()
        .filter(c -> c.isWrite() && ns.equals(c.request().namespace()))
        .map(c -> c.method() + " " + c.request().path())
        .toList();
  }

  static boolean quietFor(String ns, Duration quiet) {
    int before = writesIn(ns).size();
    try {
      Thread.sleep(quiet.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return writesIn(ns).size() == before;
  }
}
