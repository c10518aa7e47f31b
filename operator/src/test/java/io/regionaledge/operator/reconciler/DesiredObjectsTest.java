package io.regionaledge.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.ProxySpec;
import io.regionaledge.operator.api.RegionalEdge;
import org.junit.jupiter.api.Test;

class DesiredObjectsTest {
  final RegionalEdge edge = Edges.example();
  final RegionScope scope = Edges.usEast1(edge);

  @Test
  void theConfigMapCarriesThisRegionsBackendAndTheProxySettingsAsContractVariables() {
    ConfigMap config = ConfigMapDependentResource.build(edge, scope);
    assertThat(config.getMetadata().getName()).isEqualTo("fast-proxy");
    assertThat(config.getMetadata().getNamespace()).isEqualTo("edge");
    assertThat(config.getData())
        .containsEntry("REGIONALEDGE_BACKEND", "us-east-1-fast.example.com")
        .containsEntry("REGIONALEDGE_LISTEN", "0.0.0.0:8443")
        .containsEntry("REGIONALEDGE_ADMIN_LISTEN", "0.0.0.0:9090")
        .containsEntry("REGIONALEDGE_HEALTH_PATH", "/.well-known/regionaledge/health")
        .containsEntry("REGIONALEDGE_CONNECT_TIMEOUT", "5s")
        .containsEntry("REGIONALEDGE_RESPONSE_TIMEOUT", "30s")
        .containsEntry("REGIONALEDGE_MAX_HEADER_BYTES", "16384")
        .containsEntry("REGIONALEDGE_ACCESS_LOG", "true")
        .doesNotContainKey("REGIONALEDGE_BACKEND_ADDRESS");
    assertThat(config.getData().keySet()).allMatch(k -> k.startsWith("REGIONALEDGE_"));
  }

  @Test
  void aNonDefaultBackendPortAndAddressReachTheProxy() {
    scope.entry().getBackend().setPort(8443);
    scope.entry().getBackend().setAddress("10.1.2.3:8443");
    assertThat(ConfigMapDependentResource.build(edge, scope).getData())
        .containsEntry("REGIONALEDGE_BACKEND", "us-east-1-fast.example.com:8443")
        .containsEntry("REGIONALEDGE_BACKEND_ADDRESS", "10.1.2.3:8443");
  }

  @Test
  void theDeploymentRunsTheProxyPerTheContractLockedDownAndOnePerNode() {
    Deployment deployment = DeploymentDependentResource.build(edge, scope);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(ProxyLabels.selector(edge));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(ProxyLabels.selector(edge))
        .containsEntry("app.kubernetes.io/managed-by", "regionaledge");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container proxy = pod.getContainers().get(0);
    assertThat(proxy.getArgs())
        .containsExactly(
            "--cert", "/etc/regionaledge/tls/tls.crt", "--key", "/etc/regionaledge/tls/tls.key");
    assertThat(proxy.getEnvFrom())
        .singleElement()
        .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("fast-proxy"));
    assertThat(proxy.getPorts())
        .anySatisfy(
            p -> {
              assertThat(p.getContainerPort()).isEqualTo(8443);
              assertThat(p.getHostPort()).isEqualTo(443);
            })
        .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(9090));
    assertThat(proxy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(proxy.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
    assertThat(proxy.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(proxy.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(proxy.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(proxy.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(proxy.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("tls");
              assertThat(m.getMountPath()).isEqualTo("/etc/regionaledge/tls");
              assertThat(m.getReadOnly()).isTrue();
            })
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .anySatisfy(
            v -> assertThat(v.getSecret().getSecretName()).isEqualTo("fast-example-com-tls"))
        .anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    assertThat(pod.getTopologySpreadConstraints())
        .singleElement()
        .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal())
        .as("a hostPort pod cannot surge on its node")
        .isZero();
    assertThat(pod.getTerminationGracePeriodSeconds())
        .as("drain grace 10s + drain timeout 30s + margin")
        .isEqualTo(45L);
  }

  @Test
  void aConfigChangeChangesThePodTemplatesHashAndAnUnrelatedOneDoesNot() {
    String before = hash(DeploymentDependentResource.build(edge, scope));
    assertThat(hash(DeploymentDependentResource.build(edge, scope))).isEqualTo(before);
    edge.getSpec().getProxy().setIdleTimeout("90s");
    assertThat(hash(DeploymentDependentResource.build(edge, scope))).isNotEqualTo(before);
  }

  private static String hash(Deployment d) {
    return d.getSpec().getTemplate().getMetadata().getAnnotations().get(ProxyLabels.CONFIG_HASH);
  }

  @Test
  void loadBalancerExposureBindsNoHostPortAndPrefersSpreading() {
    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
    Deployment deployment = DeploymentDependentResource.build(edge, scope);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getPorts())
        .allSatisfy(p -> assertThat(p.getHostPort()).isNull());
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .isEmpty();
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
  }

  @Test
  void theServiceIsALoadBalancerOnThePublicPortToTheProxysHttpsPort() {
    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
    edge.getSpec().getExposure().setPort(443);
    Service service = ServiceDependentResource.build(edge, scope);
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getSelector()).isEqualTo(ProxyLabels.selector(edge));
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(443);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("https");
            });
  }

  @Test
  void
      theServiceAsksTheAwsLoadBalancerControllerForAnInternetFacingNlbToThePodIpsCheckedOnReadiness() {
    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
    Service service = ServiceDependentResource.build(edge, scope);
    assertThat(service.getMetadata().getAnnotations())
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-type", "external")
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-nlb-target-type", "ip")
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-scheme", "internet-facing")
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol", "HTTP")
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-healthcheck-port", "9090")
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-healthcheck-path", "/readyz");
    // the class is the AWS Load Balancer Controller's webhook's to set on create; never ours to
    // change
    assertThat(service.getSpec().getLoadBalancerClass()).isNull();
  }

  @Test
  void theLoadBalancerClassTheWebhookSetIsKeptSoTheServiceMatchesWithoutAWrite() {
    edge.getSpec().getExposure().setType(ExposureSpec.Type.LoadBalancer);
    Service desired = ServiceDependentResource.build(edge, scope);
    Service stored = ServiceDependentResource.build(edge, scope);
    stored.getSpec().setLoadBalancerClass(ServiceDependentResource.AWS_NLB_CLASS);
    stored.getSpec().setClusterIP("10.100.0.7");
    stored
        .getMetadata()
        .getAnnotations()
        .put("service.beta.kubernetes.io/aws-load-balancer-name", "someone-elses");

    new ServiceDependentResource().keepOthersFields(stored, desired, edge);

    assertThat(desired.getSpec().getLoadBalancerClass()).isEqualTo("service.k8s.aws/nlb");
    assertThat(DesiredSubset.matches(desired, stored)).isTrue();
  }

  @Test
  void thePodDisruptionBudgetLetsOneProxyGoAtATime() {
    PodDisruptionBudget pdb = PodDisruptionBudgetDependentResource.build(edge, scope);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(ProxyLabels.selector(edge));
    assertThat(pdb.getMetadata().getLabels())
        .containsEntry("edge.regionaledge.io/region", "us-east-1");
  }

  @Test
  void durationsConvertToWholeSecondsRoundingUp() {
    assertThat(ProxyConfig.seconds("500ms")).isEqualTo(1);
    assertThat(ProxyConfig.seconds("10s")).isEqualTo(10);
    assertThat(ProxyConfig.seconds("2m")).isEqualTo(120);
  }

  @Test
  void theProxysMemoryRequestEqualsItsLimitAndItRunsOneEventLoopPerCpuItMayUse() {
    var resources =
        DeploymentDependentResource.build(edge, scope)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getResources();
    assertThat(resources.getRequests().get("memory"))
        .isEqualTo(resources.getLimits().get("memory"));
    assertThat(ConfigMapDependentResource.build(edge, scope).getData())
        .containsEntry("REGIONALEDGE_THREADS", "1");

    ProxySpec proxy =
        edge.getSpec().getProxy() == null ? new ProxySpec() : edge.getSpec().getProxy();
    proxy.setResources(
        new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("1500m"))
            .build());
    edge.getSpec().setProxy(proxy);
    assertThat(ConfigMapDependentResource.build(edge, scope).getData())
        .containsEntry("REGIONALEDGE_THREADS", "2");
  }
}
