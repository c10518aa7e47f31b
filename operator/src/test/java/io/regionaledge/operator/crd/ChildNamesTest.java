package io.regionaledge.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.reconciler.ProxyLabels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChildNamesTest {
  static RegionalEdge named(String name) {
    RegionalEdge edge = new RegionalEdge();
    edge.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    return edge;
  }

  static boolean admitted(String name) {
    Map<String, Object> self = Map.of("metadata", Map.of("name", name));
    return ChildNames.NAME_RULES.stream()
        .allMatch(r -> Boolean.TRUE.equals(SchemaCheck.evaluate(r.rule(), self)));
  }

  @Test
  void theSuffixIsTheOneTheOperatorAppends() {
    assertThat(ProxyLabels.proxyName(named("fast"))).isEqualTo("fast" + ChildNames.PROXY_SUFFIX);
    assertThat(ChildNames.MAX_EDGE_NAME).isEqualTo(57);
  }

  @Test
  void aNameOf57CharactersFitsAndOf58DoesNotWithAMessageSayingWhy() {
    assertThat(ChildNames.problem(named("a".repeat(57)), "us-east-1")).isEmpty();
    Optional<String> problem = ChildNames.problem(named("a".repeat(58)), "us-east-1");
    assertThat(problem)
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("a".repeat(58) + "-proxy")
                    .contains("DNS-1035")
                    .contains("at most 57"));
  }

  @Test
  void aNameWithDotsOrALeadingDigitCannotNameTheService() {
    assertThat(ChildNames.problem(named("fast.example.com"), "us-east-1")).isPresent();
    assertThat(ChildNames.problem(named("1fast"), "us-east-1")).isPresent();
    assertThat(ChildNames.problem(named("fast-1"), "us-east-1")).isEmpty();
  }

  @Test
  void aRegionThatIsNotALabelValueIsReported() {
    assertThat(ChildNames.problem(named("fast"), "us_east_1-"))
        .hasValueSatisfying(
            m -> assertThat(m).contains(ProxyLabels.REGION).contains("not a valid label value"));
  }

  @Test
  void theCrdRulesAdmitExactlyTheNamesWhoseChildrenTheServerAccepts() {
    // Names that are valid RegionalEdge names (DNS-1123 subdomains) on a real server, some fit.
    List<String> names =
        List.of(
            "fast",
            "fast-eu",
            "a",
            "a1",
            "fast.example.com",
            "1fast",
            "9",
            "f-1-x",
            "a".repeat(57),
            "a".repeat(58),
            "a".repeat(63),
            "fast-" + "b".repeat(52),
            "fast-" + "b".repeat(53));
    for (String name : names) {
      assertThat(admitted(name))
          .as(name)
          .isEqualTo(ChildNames.problem(named(name), "us-east-1").isEmpty());
    }
  }

  @Test
  void theNameRulesStayFarBelowTheCostLimit() {
    CelDecl root =
        CelDecl.of(
            new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder()
                .withType("object")
                .build(),
            true);
    for (ChildNames.NameRule r : ChildNames.NAME_RULES) {
      assertThat(CelCost.estimate(r.rule(), root))
          .as(r.rule())
          .isLessThan(CelBudget.PER_RULE_LIMIT / 3);
    }
  }
}
