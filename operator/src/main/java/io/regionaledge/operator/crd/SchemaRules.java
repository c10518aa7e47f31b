package io.regionaledge.operator.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What the schema needs and fabric8's CRD generator 7.5.2 does not emit from annotations on our own
 * classes. Applied to the generated CRD by {@link PrinterColumnOrder} at build time; idempotent.
 *
 * <ul>
 *   <li>{@code spec.regions} as a list-map keyed by {@code name}: the API server then refuses a
 *       region listed twice (apiextensions-apiserver pkg/apiserver/schema/listtype/validation.go)
 *       at no CEL cost. crd-generator 7.5.2 has no list-type annotation.
 *   <li>The root rules on {@code metadata.name} ({@link ChildNames#NAME_RULES}): built from the
 *       constants {@link ChildNames#problem} uses, which an annotation value cannot be.
 *   <li>Bounds on fields of fabric8's own types we cannot annotate (ResourceRequirements,
 *       Condition) and on the items of a {@code List<String>}: every string, list and map must be
 *       bounded, or a future CEL rule is priced at the whole 3 MiB request (SchemaLintTest).
 * </ul>
 */
public final class SchemaRules {
  /** Quantity strings such as 500m or 1Gi; generous, not a format check. */
  static final long QUANTITY_MAX = 64;

  /** A Kubernetes object name or DNS name (DNS-1123 subdomain). */
  static final long NAME_MAX = 253;

  private SchemaRules() {}

  public static void apply(JSONSchemaProps root) {
    JSONSchemaProps regions = at(root, "spec", "regions");
    regions.setXKubernetesListType("map");
    regions.setXKubernetesListMapKeys(List.of("name"));

    List<ValidationRule> rules = new ArrayList<>();
    for (ChildNames.NameRule r : ChildNames.NAME_RULES) {
      rules.add(new ValidationRuleBuilder().withRule(r.rule()).withMessage(r.message()).build());
    }
    root.setXKubernetesValidations(rules);

    // core/v1 ResourceRequirements. Kubernetes itself bounds none of these; the proxy needs only
    // cpu and memory, so a few entries are plenty.
    JSONSchemaProps resources = at(root, "spec", "proxy", "resources");
    for (String quantities : List.of("limits", "requests")) {
      JSONSchemaProps map = at(resources, quantities);
      map.setMaxProperties(16L);
      map.getAdditionalProperties().getSchema().setMaxLength(QUANTITY_MAX);
    }
    JSONSchemaProps claims = at(resources, "claims");
    claims.setMaxItems(16L);
    // ResourceClaim name and request are DNS-1123 labels (pkg/apis/core/validation).
    at(claims.getItems().getSchema(), "name").setMaxLength(63L);
    at(claims.getItems().getSchema(), "request").setMaxLength(63L);

    // Conditions: the bounds of metav1.Condition (apimachinery pkg/apis/meta/v1/types.go:
    // type 316, reason 1024, message 32768); status is True, False or Unknown.
    JSONSchemaProps conditions = at(root, "status", "conditions");
    conditions.setMaxItems(16L);
    JSONSchemaProps condition = conditions.getItems().getSchema();
    at(condition, "type").setMaxLength(316L);
    at(condition, "status").setMaxLength(16L);
    at(condition, "reason").setMaxLength(1024L);
    at(condition, "message").setMaxLength(32768L);
    at(condition, "lastTransitionTime").setMaxLength(64L);

    at(root, "status", "dnsRecords", "records").getItems().getSchema().setMaxLength(NAME_MAX);
  }

  /** The schema at a property path; fails the build when the model no longer has it. */
  static JSONSchemaProps at(JSONSchemaProps schema, String... path) {
    JSONSchemaProps node = schema;
    for (String name : path) {
      JSONSchemaProps child = node.getProperties() == null ? null : node.getProperties().get(name);
      if (child == null) {
        throw new IllegalStateException("the generated schema has no " + String.join(".", path));
      }
      node = child;
    }
    return node;
  }
}
