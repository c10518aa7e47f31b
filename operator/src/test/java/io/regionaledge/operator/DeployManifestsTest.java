package io.regionaledge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.regionaledge.operator.api.RegionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/ holds together: overlays set their own region, the base lists its files, IAM is scoped.
 */
class DeployManifestsTest {
  static final Path DEPLOY = MockCluster.REPO.resolve("deploy");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void eachOverlaySetsTheRegionItIsNamedAfter() throws IOException {
    List<Path> overlays;
    try (Stream<Path> dirs = Files.list(DEPLOY.resolve("overlays"))) {
      overlays = dirs.filter(Files::isDirectory).toList();
    }
    assertThat(overlays)
        .extracting(p -> p.getFileName().toString())
        .contains("us-east-1", "eu-west-1");
    for (Path overlay : overlays) {
      String region = overlay.getFileName().toString();
      assertThat(region).matches(RegionSpec.AWS_REGION);
      JsonNode k = YAML.readTree(overlay.resolve("kustomization.yaml").toFile());
      assertThat(k.get("resources").get(0).asText()).isEqualTo("../../base");
      JsonNode patch = YAML.readTree(k.get("patches").get(0).get("patch").asText());
      JsonNode env = patch.at("/spec/template/spec/containers/0/env/0");
      assertThat(env.get("name").asText()).isEqualTo("REGIONALEDGE_REGION");
      assertThat(env.get("value").asText()).isEqualTo(region);
    }
  }

  @Test
  void theBaseListsEveryManifestInItsFolder() throws IOException {
    JsonNode k = YAML.readTree(DEPLOY.resolve("base/kustomization.yaml").toFile());
    List<String> listed = new ArrayList<>();
    k.get("resources").forEach(r -> listed.add(r.asText()));
    try (Stream<Path> files = Files.list(DEPLOY.resolve("base"))) {
      assertThat(
              files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> !n.equals("kustomization.yaml")))
          .containsExactlyInAnyOrderElementsOf(listed);
    }
  }

  @Test
  void theOperatorRunsLockedDownAsTheBoundServiceAccountWithItsRegionFromTheEnvironment()
      throws IOException {
    Deployment deployment =
        Serialization.unmarshal(
            Files.readString(DEPLOY.resolve("base/deployment.yaml")), Deployment.class);
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getEnv())
        .extracting(e -> e.getName())
        .contains("REGIONALEDGE_REGION", "POD_NAME", "POD_NAMESPACE");
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
        .isTrue();
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    Object parsed = Serialization.unmarshal(Files.newInputStream(DEPLOY.resolve("base/rbac.yaml")));
    List<?> rbac =
        parsed instanceof io.fabric8.kubernetes.api.model.KubernetesList l
            ? l.getItems()
            : (List<?>) parsed;
    assertThat(rbac)
        .filteredOn(ClusterRoleBinding.class::isInstance)
        .map(ClusterRoleBinding.class::cast)
        .singleElement()
        .satisfies(b -> assertThat(b.getSubjects().get(0).getName()).isEqualTo(account));
  }

  @Test
  void theIamPolicyScopesRecordChangesToTheHostedZone() throws IOException {
    JsonNode policy = new ObjectMapper().readTree(DEPLOY.resolve("iam-policy.json").toFile());
    List<String> zoneScoped = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (JsonNode statement : policy.get("Statement")) {
      statement
          .get("Action")
          .forEach(
              a -> {
                all.add(a.asText());
                if (statement
                    .get("Resource")
                    .asText()
                    .startsWith("arn:aws:route53:::hostedzone/")) {
                  zoneScoped.add(a.asText());
                }
              });
      assertThat(statement.fieldNames())
          .toIterable()
          .containsOnly("Sid", "Effect", "Action", "Resource");
    }
    assertThat(zoneScoped)
        .contains(
            "route53:ChangeResourceRecordSets",
            "route53:ListResourceRecordSets",
            "route53:GetHostedZone");
    assertThat(all)
        .contains(
            "route53:ListHostedZonesByName",
            "route53:GetChange",
            "route53:CreateHealthCheck",
            "route53:DeleteHealthCheck",
            "route53:GetHealthCheck",
            "route53:UpdateHealthCheck",
            "route53:ChangeTagsForResource",
            "route53:ListHealthChecks",
            "route53:ListTagsForResource",
            "route53:ListTagsForResources");
    assertThat(all).noneMatch(a -> a.endsWith("*"));
  }
}
