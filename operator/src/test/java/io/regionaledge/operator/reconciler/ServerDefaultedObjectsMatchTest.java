package io.regionaledge.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.ProxySpec;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.kube.RbacAuthorizer;
import io.regionaledge.testkit.kube.StrictKubeApi;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the operator builds, stored by an API server that applies its defaults and canonicalises
 * quantities, must match what the operator builds next time; otherwise every reconcile PUTs.
 */
class ServerDefaultedObjectsMatchTest {
  private StrictKubeApi api;
  private final RegionalEdge edge = Edges.example();

  @BeforeEach
  void start() {
    api = new StrictKubeApi(RbacAuthorizer.none());
    api.admin()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("edge").endMetadata().build())
        .create();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private <T extends HasMetadata> T stored(T desired) {
    return api.admin().resource(desired).create();
  }

  @Test
  void theDeploymentAsTheServerStoresItMatchesTheDesiredOne() {
    Deployment desired = DeploymentDependentResource.build(edge, Edges.usEast1(edge));
    Deployment stored = stored(DeploymentDependentResource.build(edge, Edges.usEast1(edge)));

    assertThat(stored.getSpec().getRevisionHistoryLimit())
        .as("the server defaulted it")
        .isEqualTo(10);
    assertThat(new DeploymentDependentResource().match(stored, desired, edge, null).matched())
        .isTrue();
  }

  @Test
  void theLoadBalancerDeploymentAndServiceAsStoredMatchTheDesiredOnes() {
    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
    Deployment stored = stored(DeploymentDependentResource.build(edge, Edges.usEast1(edge)));
    var service = stored(ServiceDependentResource.build(edge, Edges.usEast1(edge)));

    assertThat(
            new DeploymentDependentResource()
                .match(
                    stored,
                    DeploymentDependentResource.build(edge, Edges.usEast1(edge)),
                    edge,
                    null)
                .matched())
        .isTrue();
    assertThat(service.getSpec().getClusterIP()).isNotEmpty();
    assertThat(
            new ServiceDependentResource()
                .match(
                    service, ServiceDependentResource.build(edge, Edges.usEast1(edge)), edge, null)
                .matched())
        .isTrue();
  }

  @Test
  void userResourcesInNonCanonicalFormMatchTheirCanonicalStoredForm() {
    ProxySpec proxy =
        edge.getSpec().getProxy() == null ? new ProxySpec() : edge.getSpec().getProxy();
    proxy.setResources(
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("0.5"))
            .addToLimits("memory", new Quantity("1024Mi"))
            .addToRequests("memory", new Quantity("1024Mi"))
            .build());
    edge.getSpec().setProxy(proxy);
    Deployment stored = stored(DeploymentDependentResource.build(edge, Edges.usEast1(edge)));

    assertThat(
            stored
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests()
                .get("cpu")
                .toString())
        .isEqualTo("500m");
    assertThat(
            new DeploymentDependentResource()
                .match(
                    stored,
                    DeploymentDependentResource.build(edge, Edges.usEast1(edge)),
                    edge,
                    null)
                .matched())
        .isTrue();
  }

  @Test
  void thePdbAndConfigMapAsStoredMatchTheDesiredOnes() {
    var pdb = stored(PodDisruptionBudgetDependentResource.build(edge, Edges.usEast1(edge)));
    var config = stored(ConfigMapDependentResource.build(edge, Edges.usEast1(edge)));

    assertThat(
            new PodDisruptionBudgetDependentResource()
                .match(
                    pdb,
                    PodDisruptionBudgetDependentResource.build(edge, Edges.usEast1(edge)),
                    edge,
                    null)
                .matched())
        .isTrue();
    assertThat(
            new ConfigMapDependentResource()
                .match(
                    config, ConfigMapDependentResource.build(edge, Edges.usEast1(edge)), edge, null)
                .matched())
        .isTrue();
  }

  @Test
  void aRolloutRestartIsKeptAndARealChangeStillMismatches() {
    stored(DeploymentDependentResource.build(edge, Edges.usEast1(edge)));
    Deployment restarted =
        api.admin()
            .apps()
            .deployments()
            .inNamespace("edge")
            .withName("fast-proxy")
            .patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
                    + "{\"kubectl.kubernetes.io/restartedAt\":\"2026-12-01T00:00:00Z\"}}}}}");

    Deployment desired = DeploymentDependentResource.build(edge, Edges.usEast1(edge));
    assertThat(new DeploymentDependentResource().match(restarted, desired, edge, null).matched())
        .isTrue();
    assertThat(desired.getSpec().getTemplate().getMetadata().getAnnotations())
        .as("what a PUT would carry")
        .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-12-01T00:00:00Z");

    Edges.usEast1(edge).entry().setReplicas(3);
    assertThat(
            new DeploymentDependentResource()
                .match(
                    restarted,
                    DeploymentDependentResource.build(edge, Edges.usEast1(edge)),
                    edge,
                    null)
                .matched())
        .isFalse();
  }

  @Test
  void replicasHandedToAnAutoscalerAreLeftAsTheyAre() {
    Deployment stored = stored(DeploymentDependentResource.build(edge, Edges.usEast1(edge)));
    stored.getSpec().setReplicas(7);
    edge.getMetadata()
        .setAnnotations(Map.of(DeploymentDependentResource.EXTERNAL_REPLICAS, "true"));

    Deployment desired = DeploymentDependentResource.build(edge, Edges.usEast1(edge));
    assertThat(new DeploymentDependentResource().match(stored, desired, edge, null).matched())
        .isTrue();
    assertThat(desired.getSpec().getReplicas()).isEqualTo(7);
  }
}
