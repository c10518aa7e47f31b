package io.regionaledge.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * crds/ holds the CRD generated from the Java model. Refresh it after a model change with {@code
 * mvn -pl operator test -Dtest=CommittedCrdTest -Dcrd.update=true}.
 */
class CommittedCrdTest {
  static final String FILE = "regionaledges.edge.regionaledge.io-v1.yml";
  static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8", FILE);
  static final Path COMMITTED = Path.of("..", "crds", FILE);

  @Test
  void theCommittedCrdIsTheGeneratedOne() throws Exception {
    String generated = Files.readString(GENERATED, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("crd.update")) {
      Files.copy(GENERATED, COMMITTED, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
        .as(
            "crds/%s is out of date: run mvn -pl operator test -Dtest=CommittedCrdTest -Dcrd.update=true",
            FILE)
        .isEqualTo(generated);
  }

  @Test
  void kubectlShowsHostnameRegionReadyDnsAgeAndWithWideAlsoCheckersChecksAndCost()
      throws Exception {
    CustomResourceDefinition crd = committed();
    List<CustomResourceColumnDefinition> columns =
        crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    assertThat(columns)
        .filteredOn(c -> c.getPriority() == null || c.getPriority() == 0)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("HOSTNAME", "REGION", "READY", "DNS", "AGE");
    assertThat(columns)
        .filteredOn(c -> c.getPriority() != null && c.getPriority() == 1)
        .extracting(
            CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CHECKERS", ".status.checkers"),
            org.assertj.core.groups.Tuple.tuple("CHECKS", ".status.dnsRecords.cost.healthChecks"),
            org.assertj.core.groups.Tuple.tuple("COST", ".status.dnsRecords.cost.monthly"));
  }

  @Test
  void theResourceIsNamespacedWithAStatusSubresourceAndAShortName() throws Exception {
    CustomResourceDefinition crd = committed();
    assertThat(crd.getSpec().getGroup()).isEqualTo("edge.regionaledge.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("RegionalEdge");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("regionaledges");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("redge");
    assertThat(crd.getSpec().getVersions())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getName()).isEqualTo("v1alpha1");
              assertThat(v.getSubresources().getStatus()).isNotNull();
            });
  }

  @Test
  void reorderingIsStableAndKeepsTheSchema() throws Exception {
    String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
    assertThat(PrinterColumnOrder.reorder(committed)).isEqualTo(committed);
  }

  @Test
  void regionsAreAListMapKeyedByNameAndTheRootChecksTheName() throws Exception {
    JSONSchemaProps root =
        committed().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    JSONSchemaProps regions = root.getProperties().get("spec").getProperties().get("regions");
    assertThat(regions.getXKubernetesListType()).isEqualTo("map");
    assertThat(regions.getXKubernetesListMapKeys()).containsExactly("name");
    // A list-map key must be required (or defaulted) and scalar, else the API server refuses the
    // CRD (apiextensions validation.go, x-kubernetes-list-map-keys checks).
    assertThat(regions.getItems().getSchema().getRequired()).contains("name");
    assertThat(regions.getItems().getSchema().getProperties().get("name").getType())
        .isEqualTo("string");
    assertThat(root.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .containsExactlyElementsOf(
            ChildNames.NAME_RULES.stream().map(ChildNames.NameRule::rule).toList());
  }

  @Test
  void thePostProcessingFailsLoudlyWhenTheModelLosesAField() {
    JSONSchemaProps empty = new JSONSchemaProps();
    assertThatThrownBy(() -> SchemaRules.apply(empty)).hasMessageContaining("spec.regions");
  }

  static CustomResourceDefinition committed() throws Exception {
    return Serialization.unmarshal(
        Files.readString(COMMITTED, StandardCharsets.UTF_8), CustomResourceDefinition.class);
  }
}
