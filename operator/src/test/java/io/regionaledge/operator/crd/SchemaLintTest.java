package io.regionaledge.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every string, list and map of the CRD is bounded. An unbounded string is priced by the API server
 * at the whole 3 MiB request and an unbounded list or map at as many entries as fit in it
 * (apiserver pkg/cel/common/schemas.go estimateMaxStringLengthPerRequest,
 * estimateMaxArrayItemsFromMinSize, estimateMaxAdditionalPropertiesFromMinSize), so any CEL rule
 * added later that touches one is rejected when the CRD is created. A pattern does not bound a
 * length.
 */
class SchemaLintTest {
  /**
   * The paths of strings without maxLength or enum, lists without maxItems, maps without
   * maxProperties.
   */
  static List<String> unbounded(JSONSchemaProps schema) {
    List<String> out = new ArrayList<>();
    walk(schema, "", out);
    return out;
  }

  private static void walk(JSONSchemaProps s, String path, List<String> out) {
    boolean intOrString = Boolean.TRUE.equals(s.getXKubernetesIntOrString());
    boolean hasEnum = s.getEnum() != null && !s.getEnum().isEmpty();
    if (("string".equals(s.getType()) || intOrString) && s.getMaxLength() == null && !hasEnum) {
      out.add(path + ": string without maxLength or enum");
    }
    if ("array".equals(s.getType()) && s.getMaxItems() == null) {
      out.add(path + ": array without maxItems");
    }
    if (s.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> p : s.getProperties().entrySet()) {
        walk(p.getValue(), path + "." + p.getKey(), out);
      }
    }
    if (s.getItems() != null && s.getItems().getSchema() != null) {
      walk(s.getItems().getSchema(), path + "[]", out);
    }
    if (s.getAdditionalProperties() != null && s.getAdditionalProperties().getSchema() != null) {
      if (s.getMaxProperties() == null) {
        out.add(path + ": map without maxProperties");
      }
      walk(s.getAdditionalProperties().getSchema(), path + "{}", out);
    }
  }

  @Test
  void everyStringListAndMapOfTheCommittedCrdIsBounded() throws Exception {
    assertThat(unbounded(SchemaValidationTest.schema())).isEmpty();
  }

  @Test
  void theLintFindsAStringWithOnlyAPatternAListAndAMap() {
    JSONSchemaProps schema =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties(
                "name",
                new JSONSchemaPropsBuilder().withType("string").withPattern("^[a-z]+$").build())
            .addToProperties(
                "kind", new JSONSchemaPropsBuilder().withType("string").withMaxLength(8L).build())
            .addToProperties(
                "tags",
                new JSONSchemaPropsBuilder()
                    .withType("array")
                    .withNewItems()
                    .withSchema(
                        new JSONSchemaPropsBuilder().withType("string").withMaxLength(8L).build())
                    .endItems()
                    .build())
            .addToProperties(
                "limits",
                new JSONSchemaPropsBuilder()
                    .withType("object")
                    .withNewAdditionalProperties()
                    .withSchema(
                        new JSONSchemaPropsBuilder().withXKubernetesIntOrString(true).build())
                    .endAdditionalProperties()
                    .build())
            .build();
    assertThat(unbounded(schema))
        .containsExactlyInAnyOrder(
            ".name: string without maxLength or enum",
            ".tags: array without maxItems",
            ".limits: map without maxProperties",
            ".limits{}: string without maxLength or enum");
  }
}
