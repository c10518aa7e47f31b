package io.regionaledge.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The estimator gives the numbers the API server gives, and the committed CRD stays inside the
 * budget. The expected costs are Kubernetes' own: apiextensions-apiserver
 * pkg/apiserver/schema/cel/compilation_test.go TestCostEstimation (expectedCalcCost without bounds,
 * expectedSetCost with maxItems / maxLength / maxProperties set).
 */
class CelCostTest {
  static JSONSchemaProps string(Long maxLength) {
    return new JSONSchemaPropsBuilder().withType("string").withMaxLength(maxLength).build();
  }

  static JSONSchemaProps scalar(String type) {
    return new JSONSchemaPropsBuilder().withType(type).build();
  }

  static JSONSchemaProps array(JSONSchemaProps items, Long maxItems) {
    return new JSONSchemaPropsBuilder()
        .withType("array")
        .withNewItems()
        .withSchema(items)
        .endItems()
        .withMaxItems(maxItems)
        .build();
  }

  static JSONSchemaProps map(JSONSchemaProps values, Long maxProperties) {
    return new JSONSchemaPropsBuilder()
        .withType("object")
        .withNewAdditionalProperties()
        .withSchema(values)
        .endAdditionalProperties()
        .withMaxProperties(maxProperties)
        .build();
  }

  static JSONSchemaProps objectWithRequiredString() {
    return new JSONSchemaPropsBuilder()
        .withType("object")
        .addToProperties("required", string(null))
        .addToProperties("optional", string(null))
        .withRequired("required")
        .build();
  }

  static Stream<Arguments> kubernetesCostEstimationCases() {
    return Stream.of(
        Arguments.of(
            "number array with all",
            array(scalar("number"), null),
            "self.all(x, true)",
            4_718_591L),
        Arguments.of(
            "number array with all, maxItems 10",
            array(scalar("number"), 10L),
            "self.all(x, true)",
            32L),
        Arguments.of(
            "string array with all", array(string(null), null), "self.all(x, true)", 3_145_727L),
        Arguments.of(
            "string array with all, maxItems 20",
            array(string(null), 20L),
            "self.all(x, true)",
            62L),
        Arguments.of(
            "boolean array with all",
            array(scalar("boolean"), null),
            "self.all(x, true)",
            1_887_437L),
        Arguments.of(
            "array of objects with all",
            array(objectWithRequiredString(), null),
            "self.all(x, true)",
            555_128L),
        Arguments.of(
            "array of objects with all, maxItems 50",
            array(objectWithRequiredString(), 50L),
            "self.all(x, true)",
            152L),
        Arguments.of(
            "map of strings with all", map(string(null), null), "self.all(x, true)", 1_179_647L),
        Arguments.of(
            "map of strings with all, maxProperties 3",
            map(string(null), 3L),
            "self.all(x, true)",
            11L),
        Arguments.of(
            "map of strings with value length",
            map(string(null), null),
            "self.all(x, x.contains(self[x]))",
            2_752_507L),
        Arguments.of("string with contains", string(null), "self.contains('test')", 314_574L),
        Arguments.of(
            "string with contains, maxLength 10", string(10L), "self.contains('test')", 5L),
        Arguments.of("string with startsWith", string(null), "self.startsWith('test')", 2L),
        Arguments.of(
            "concat string", string(null), "size(self + \"hello\") > size(\"hello\")", 314_578L),
        Arguments.of(
            "concat string, maxLength 4",
            string(4L),
            "size(self + \"hello\") > size(\"hello\")",
            7L),
        Arguments.of(
            "index of array with strings", array(string(null), 8L), "self[1] == self[1]", 314_577L),
        Arguments.of(
            "O(n^2) loop with numbers",
            array(scalar("number"), 10L),
            "self.all(x, self.all(y, true))",
            352L),
        Arguments.of(
            "O(n^3) loop with numbers",
            array(scalar("number"), 10L),
            "self.all(x, self.all(y, self.all(z, true)))",
            3552L),
        Arguments.of("regex matches simple", string(null), "self.matches(\"x\")", 314_574L),
        Arguments.of("regex matches simple, maxLength 50", string(50L), "self.matches(\"x\")", 22L),
        Arguments.of(
            "regex matches empty string",
            string(null),
            "\"\".matches(\"(((((((((())))))))))[0-9]\")",
            7L),
        Arguments.of("set string maxLength to zero", string(null), "self == \"x\"", 2L),
        Arguments.of("set string maxLength to zero, maxLength 0", string(0L), "self == \"x\"", 1L),
        Arguments.of(
            "set maxLength greater than estimated maxLength",
            array(scalar("number"), null),
            "self.all(x, x == 0.0)",
            6_291_454L),
        Arguments.of(
            "array of number maps with all",
            array(map(scalar("number"), null), null),
            "self.all(x, x.y == 25.2)",
            6_291_452L),
        Arguments.of(
            "array of number maps with all, maxItems 12",
            array(map(scalar("number"), null), 12L),
            "self.all(x, x.y == 25.2)",
            74L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubernetesCostEstimationCases")
  void theEstimateIsTheOneKubernetesComputes(
      String name, JSONSchemaProps schema, String rule, long expected) {
    assertThat(CelCost.estimate(rule, CelDecl.of(schema))).isEqualTo(expected);
  }

  @Test
  void theOldDuplicateRegionRuleIsPricedAt322Million() {
    // The rule and schema shape of the CRD before issue 8: regions (maxItems 32) of objects whose
    // name has a pattern but no maxLength.
    JSONSchemaProps region =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties(
                "name",
                new JSONSchemaPropsBuilder().withType("string").withPattern("^[a-z]+$").build())
            .withRequired("name")
            .build();
    JSONSchemaProps spec =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties("regions", array(region, 32L))
            .build();
    long cost =
        CelCost.estimate(
            "self.regions.all(r, self.regions.exists_one(o, o.name == r.name))", CelDecl.of(spec));
    assertThat(cost)
        .isGreaterThan(CelBudget.PER_RULE_LIMIT * 32)
        .isLessThan(CelBudget.PER_RULE_LIMIT * 33);
  }

  @Test
  void aRuleAtTheResourceRootSeesAnUnboundedMetadataName() {
    JSONSchemaProps root =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object").build())
            .build();
    // size() is O(1): select, select, ident, call = 4, whatever the length.
    assertThat(CelCost.estimate("self.metadata.name.size() <= 57", CelDecl.of(root, true)))
        .isEqualTo(5);
    // matches is O(length x regex): ceil(3,145,727 x 0.1) x ceil(3 x 0.25) + 3.
    assertThat(CelCost.estimate("self.metadata.name.matches('^a$')", CelDecl.of(root, true)))
        .isEqualTo(314_573 + 3);
  }

  @Test
  void aFunctionTheEstimatorDoesNotModelIsAnErrorNotAGuess() {
    assertThatThrownBy(() -> CelCost.estimate("self.lowerAscii() == 'a'", CelDecl.of(string(10L))))
        .hasMessageContaining("lowerAscii");
  }

  @Test
  void everyRuleOfTheCommittedCrdIsWithinThePerRuleLimit() throws Exception {
    List<CelBudget.RuleCost> rules = CelBudget.rules(SchemaValidationTest.schema());
    assertThat(rules).isNotEmpty();
    assertThat(rules)
        .allSatisfy(
            r ->
                assertThat(r.total())
                    .as(r.toString())
                    .isLessThanOrEqualTo(CelBudget.PER_RULE_LIMIT));
  }

  @Test
  void theCommittedCrdIsWithinTheWholeSchemaLimit() throws Exception {
    List<CelBudget.RuleCost> rules = CelBudget.rules(SchemaValidationTest.schema());
    assertThat(CelBudget.total(rules))
        .as(rules.toString())
        .isLessThanOrEqualTo(CelBudget.PER_CRD_LIMIT);
  }
}
