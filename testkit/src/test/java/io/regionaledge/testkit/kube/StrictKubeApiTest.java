package io.regionaledge.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StrictKubeApiTest {
  private static final String RBAC =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: reader}
      rules:
        - apiGroups: ["apps"]
          resources: ["deployments"]
          verbs: ["get", "list"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: reader}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
      subjects: [{kind: ServiceAccount, name: op, namespace: system}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: leases, namespace: system}
      rules:
        - apiGroups: ["coordination.k8s.io"]
          resources: ["leases"]
          verbs: ["get", "create", "update"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: leases, namespace: system}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: leases}
      subjects: [{kind: ServiceAccount, name: op, namespace: system}]
      """;
  private static final RbacAuthorizer.User OP = RbacAuthorizer.User.serviceAccount("system", "op");

  private final StrictKubeApi api =
      new StrictKubeApi(
          RbacAuthorizer.fromManifest(
              new ByteArrayInputStream(RBAC.getBytes(StandardCharsets.UTF_8))));
  private final KubernetesClient admin = api.admin();

  @AfterEach
  void close() {
    api.close();
  }

  private static Deployment deployment(String name) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("proxy")
        .withImage("example/proxy:1.0")
        .addNewPort()
        .withName("https")
        .withContainerPort(8443)
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/readyz")
        .withPort(new IntOrString(9090))
        .endHttpGet()
        .withPeriodSeconds(2)
        .endReadinessProbe()
        .withNewResources()
        .addToRequests("cpu", new Quantity("0.5"))
        .addToLimits("memory", new Quantity("1024Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void aDeploymentComesBackWithTheApiServersDefaultsAndCanonicalQuantities() {
    Deployment stored =
        admin.apps().deployments().inNamespace("default").resource(deployment("web")).create();

    assertThat(stored.getSpec().getReplicas()).isEqualTo(1);
    assertThat(stored.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(stored.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    assertThat(stored.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal())
        .isEqualTo("25%");
    var pod = stored.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Always");
    assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirst");
    assertThat(pod.getSchedulerName()).isEqualTo("default-scheduler");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
    var container = pod.getContainers().get(0);
    assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(container.getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(container.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTP");
    assertThat(container.getReadinessProbe().getSuccessThreshold()).isEqualTo(1);
    assertThat(container.getReadinessProbe().getTimeoutSeconds()).isEqualTo(1);
    assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
  }

  @Test
  void aServiceNameThatIsNotADns1035LabelIsRefusedWithTheServersMessage() {
    var service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("fast.example.com-proxy")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .addNewPort()
            .withPort(443)
            .endPort()
            .endSpec()
            .build();

    assertThatThrownBy(() -> admin.services().inNamespace("default").resource(service).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining(
            "metadata.name: Invalid value: \"fast.example.com-proxy\": a DNS-1035 label");
  }

  @Test
  void aLabelValueLongerThan63CharactersIsRefused() {
    var cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("c")
            .withNamespace("default")
            .addToLabels("app.kubernetes.io/instance", "x".repeat(64))
            .endMetadata()
            .build();

    assertThatThrownBy(() -> admin.configMaps().inNamespace("default").resource(cm).create())
        .hasMessageContaining("must be no more than 63 characters");
  }

  @Test
  void aLoadBalancerServiceGetsAClusterIpAndNodePortsThatAnUpdateWithoutThemKeeps() {
    var service =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("edge-proxy")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .withType("LoadBalancer")
            .addNewPort()
            .withPort(443)
            .endPort()
            .endSpec()
            .build();
    var stored = admin.services().inNamespace("default").resource(service).create();
    assertThat(stored.getSpec().getClusterIP()).startsWith("10.100.");
    assertThat(stored.getSpec().getIpFamilies()).containsExactly("IPv4");
    assertThat(stored.getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767);
    assertThat(stored.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(443);

    service.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
    var updated = admin.services().inNamespace("default").resource(service).update();

    assertThat(updated.getSpec().getClusterIP()).isEqualTo(stored.getSpec().getClusterIP());
    assertThat(updated.getSpec().getPorts().get(0).getNodePort())
        .isEqualTo(stored.getSpec().getPorts().get(0).getNodePort());
  }

  @Test
  void statusIsTheServersOnCreateAndSurvivesAWriteOfTheMainResource() {
    Deployment withStatus =
        new DeploymentBuilder(deployment("web"))
            .withStatus(new DeploymentStatusBuilder().withReadyReplicas(5).build())
            .build();
    Deployment created =
        admin.apps().deployments().inNamespace("default").resource(withStatus).create();
    assertThat(created.getStatus()).isNull();

    created.setStatus(new DeploymentStatusBuilder().withReadyReplicas(1).build());
    admin.apps().deployments().inNamespace("default").resource(created).updateStatus();
    Deployment current = admin.apps().deployments().inNamespace("default").withName("web").get();
    current.getSpec().setReplicas(3);
    current.setStatus(new DeploymentStatusBuilder().withReadyReplicas(7).build());
    Deployment updated =
        admin.apps().deployments().inNamespace("default").resource(current).update();

    assertThat(updated.getSpec().getReplicas()).isEqualTo(3);
    assertThat(updated.getStatus().getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void aWriteOfStatusLeavesTheSpecAsStored() {
    Deployment created =
        admin.apps().deployments().inNamespace("default").resource(deployment("web")).create();
    created.getSpec().setReplicas(9);
    created.setStatus(new DeploymentStatusBuilder().withReadyReplicas(1).build());

    Deployment written =
        admin.apps().deployments().inNamespace("default").resource(created).updateStatus();

    assertThat(written.getSpec().getReplicas()).isEqualTo(1);
    assertThat(written.getStatus().getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void aWriteWithAStaleResourceVersionGetsAConflict() {
    Deployment created =
        admin.apps().deployments().inNamespace("default").resource(deployment("web")).create();
    admin
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("web")
        .edit(
            d -> {
              d.getSpec().setReplicas(2);
              return d;
            });
    created.getSpec().setReplicas(4);

    assertThatThrownBy(
            () -> admin.apps().deployments().inNamespace("default").resource(created).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void aDeploymentWhoseSelectorDoesNotMatchItsTemplateIsRefused() {
    Deployment bad = deployment("web");
    bad.getSpec().getTemplate().getMetadata().getLabels().put("app", "other");

    assertThatThrownBy(
            () -> admin.apps().deployments().inNamespace("default").resource(bad).create())
        .hasMessageContaining("`selector` does not match template `labels`");
  }

  @Test
  void aServiceAccountGetsOnlyWhatItsRolesGrant() {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("system").endMetadata().build())
        .create();
    admin.apps().deployments().inNamespace("default").resource(deployment("web")).create();
    try (KubernetesClient op = api.clientFor(OP, "op")) {
      assertThat(op.apps().deployments().inNamespace("default").list().getItems()).hasSize(1);
      assertThatThrownBy(
              () -> op.apps().deployments().inNamespace("default").withName("web").scale(2))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      var lease =
          op.leases()
              .inNamespace("system")
              .resource(
                  new LeaseBuilder()
                      .withNewMetadata()
                      .withName("l")
                      .withNamespace("system")
                      .endMetadata()
                      .withNewSpec()
                      .withHolderIdentity("a")
                      .endSpec()
                      .build())
              .create();
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("a");
      // fabric8's LeaderElector renews with a JSON merge PATCH (ResourceLock.update): not granted
      // here.
      assertThatThrownBy(
              () ->
                  op.leases()
                      .inNamespace("system")
                      .withName("l")
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"spec\":{\"holderIdentity\":\"b\"}}"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
          .hasMessageContaining(
              "cannot patch resource \"leases\" in API group \"coordination.k8s.io\"");
      assertThatThrownBy(() -> op.leases().inNamespace("default").list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  @Test
  void aStrategicMergePatchOfAnAnnotationAppliesAsKubectlRolloutRestartSendsIt() {
    admin.apps().deployments().inNamespace("default").resource(deployment("web")).create();

    Deployment patched =
        admin
            .apps()
            .deployments()
            .inNamespace("default")
            .withName("web")
            .patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"now\"}}}}}");

    assertThat(patched.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("kubectl.kubernetes.io/restartedAt", "now");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
  }
}
