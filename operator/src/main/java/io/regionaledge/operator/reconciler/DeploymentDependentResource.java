package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.regionaledge.operator.api.ProxySpec;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.exposure.Exposure;
import java.util.Map;

/** The region's proxy tier, run as described in docs/proxy-contract.md. */
@KubernetesDependent(
    useSSA = BooleanWithUndefined.FALSE,
    informer = @Informer(labelSelector = ProxyLabels.MANAGED_SELECTOR))
public class DeploymentDependentResource extends ProxyTierDependent<Deployment> {
  public static final String CONTAINER = "proxy";
  public static final long RUN_AS = 65532L;
  static final String PROXY_MEMORY = "224Mi";

  /** Set by {@code kubectl rollout restart}: dropping it would start a second rollout. */
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  /**
   * On the RegionalEdge, "true" hands the Deployment's replicas to someone else (an HPA, {@code
   * kubectl scale}): the operator then sets them only on create.
   */
  public static final String EXTERNAL_REPLICAS = "edge.regionaledge.io/external-replicas";

  public DeploymentDependentResource() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(RegionalEdge edge, Context<RegionalEdge> context) {
    return build(edge, RegionScope.from(context));
  }

  @Override
  protected void keepOthersFields(Deployment actual, Deployment desired, RegionalEdge edge) {
    var actualTemplate =
        actual.getSpec() == null ? null : actual.getSpec().getTemplate().getMetadata();
    String restartedAt =
        actualTemplate == null || actualTemplate.getAnnotations() == null
            ? null
            : actualTemplate.getAnnotations().get(RESTARTED_AT);
    if (restartedAt != null) {
      desired.getSpec().getTemplate().getMetadata().getAnnotations().put(RESTARTED_AT, restartedAt);
    }
    var annotations = edge.getMetadata().getAnnotations();
    if (annotations != null
        && "true".equals(annotations.get(EXTERNAL_REPLICAS))
        && actual.getSpec() != null) {
      desired.getSpec().setReplicas(actual.getSpec().getReplicas());
    }
  }

  public static Deployment build(RegionalEdge edge, RegionScope scope) {
    ProxySpec proxy = ProxyConfig.orDefault(edge.getSpec().getProxy(), new ProxySpec());
    Exposure exposure = Exposure.of(edge);
    Map<String, String> selector = ProxyLabels.selector(edge);
    Map<String, String> labels = ProxyLabels.labels(edge, scope.region());
    String configHash = ProxyConfig.hash(ProxyConfig.env(edge, scope.entry()));
    long grace =
        ProxyConfig.seconds(proxy.drainGracePeriodOrDefault())
            + ProxyConfig.DRAIN_TIMEOUT_SECONDS
            + 5;

    return new DeploymentBuilder()
        .withMetadata(ProxyLabels.metadata(edge, scope.region()))
        .withNewSpec()
        .withReplicas(scope.entry().replicasOrDefault())
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withRollingUpdate(exposure.rollingUpdate())
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .addToAnnotations(ProxyLabels.CONFIG_HASH, configHash)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(grace)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS)
        .withRunAsGroup(RUN_AS)
        .withFsGroup(RUN_AS)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withNewAffinity()
        .withPodAntiAffinity(exposure.antiAffinity(selector))
        .endAffinity()
        .addNewTopologySpreadConstraint()
        .withMaxSkew(1)
        .withTopologyKey("topology.kubernetes.io/zone")
        .withWhenUnsatisfiable("ScheduleAnyway")
        .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(selector).build())
        .endTopologySpreadConstraint()
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(proxy.imageOrDefault())
        .withImagePullPolicy("IfNotPresent")
        .withArgs("--cert", ProxyConfig.CERT_FILE, "--key", ProxyConfig.KEY_FILE)
        .addNewEnvFrom()
        .withNewConfigMapRef()
        .withName(ProxyLabels.proxyName(edge))
        .endConfigMapRef()
        .endEnvFrom()
        .withPorts(
            exposure.httpsPort(ProxyConfig.LISTEN_PORT),
            new ContainerPortBuilder()
                .withName("admin")
                .withContainerPort(ProxyConfig.ADMIN_PORT)
                .withProtocol("TCP")
                .build())
        .withNewReadinessProbe()
        // Fast on purpose: readiness is what withdraws an instance from DNS.
        .withNewHttpGet()
        .withPath("/readyz")
        .withPort(new IntOrString("admin"))
        .endHttpGet()
        .withPeriodSeconds(2)
        .withTimeoutSeconds(1)
        .withFailureThreshold(2)
        .withSuccessThreshold(1)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString("admin"))
        .endHttpGet()
        .withInitialDelaySeconds(5)
        .withPeriodSeconds(10)
        .withTimeoutSeconds(2)
        .withFailureThreshold(3)
        .endLivenessProbe()
        .withResources(resources(proxy.getResources()))
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("tls")
        .withMountPath(ProxyConfig.TLS_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("tls")
        .withNewSecret()
        .withSecretName(edge.getSpec().getTlsSecretName())
        .withDefaultMode(0440)
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity("64Mi"))
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static ResourceRequirements resources(ResourceRequirements requested) {
    if (requested != null) {
      return requested;
    }
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("100m"))
        // The proxy image bounds heap 64 + direct 32 + metaspace 48 + code cache 48 MiB, plus
        // native memory (docs/proxy-contract.md); request = limit: never overcommitted, never
        // OOM-killed.
        .addToRequests("memory", new Quantity(PROXY_MEMORY))
        .addToLimits("memory", new Quantity(PROXY_MEMORY))
        .build();
  }
}
