package io.regionaledge.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * crds/ holds the CRD generated from the Java model. Refresh it after a model change with
 * {@code mvn -pl operator test -Dtest=CommittedCrdTest -Dcrd.update=true}.
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
        .as("crds/%s is out of date: run mvn -pl operator test -Dtest=CommittedCrdTest -Dcrd.update=true", FILE)
        .isEqualTo(generated);
  }

  @Test
  void kubectlShowsHostnameRegionReadyDnsAge() throws Exception {
    CustomResourceDefinition crd = committed();
    assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("HOSTNAME", "REGION", "READY", "DNS", "AGE");
  }

  @Test
  void theResourceIsNamespacedWithAStatusSubresourceAndAShortName() throws Exception {
    CustomResourceDefinition crd = committed();
    assertThat(crd.getSpec().getGroup()).isEqualTo("edge.regionaledge.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("RegionalEdge");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("regionaledges");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("redge");
    assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
      assertThat(v.getName()).isEqualTo("v1alpha1");
      assertThat(v.getSubresources().getStatus()).isNotNull();
    });
  }

  @Test
  void reorderingIsStableAndKeepsTheSchema() throws Exception {
    String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
    assertThat(PrinterColumnOrder.reorder(committed)).isEqualTo(committed);
  }

  static CustomResourceDefinition committed() throws Exception {
    return Serialization.unmarshal(Files.readString(COMMITTED, StandardCharsets.UTF_8), CustomResourceDefinition.class);
  }
}
