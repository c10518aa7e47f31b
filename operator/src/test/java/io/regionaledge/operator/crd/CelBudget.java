package io.regionaledge.operator.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every CEL rule of a CRD schema with the cost the API server checks on create, and the two limits.
 * Kubernetes apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go (v0.28-v0.33):
 * StaticEstimatedCostLimit = 10,000,000 per expression, StaticEstimatedCRDCostLimit = 100,000,000
 * for the whole schema; getExpressionCost = the rule's MaxCost x the maximum number of times its
 * node can occur (the product of maxItems and maxProperties of the lists and maps above it; 1
 * outside any). Lines at v0.31.0: the limits L57-60, the per-rule check L1247-1251,
 * getExpressionCost L1313-1318, the per-CRD total L950-958.
 */
final class CelBudget {
  static final long PER_RULE_LIMIT = 10_000_000L;
  static final long PER_CRD_LIMIT = 100_000_000L;

  record RuleCost(String path, String rule, long cost, long cardinality) {
    long total() {
      return CelCost.mul(cost, cardinality);
    }

    @Override
    public String toString() {
      return String.format(
          "%s: %s costs %,d x %,d = %,d (%.1fx the per-rule limit)",
          path, rule, cost, cardinality, total(), total() / (double) PER_RULE_LIMIT);
    }
  }

  private CelBudget() {}

  static List<RuleCost> rules(JSONSchemaProps openApiV3Schema) {
    List<RuleCost> out = new ArrayList<>();
    walk(openApiV3Schema, "openAPIV3Schema", 1, true, out);
    return out;
  }

  static long total(List<RuleCost> rules) {
    return rules.stream().mapToLong(RuleCost::total).reduce(0, CelCost::add);
  }

  private static void walk(
      JSONSchemaProps s, String path, long cardinality, boolean root, List<RuleCost> out) {
    if (s.getXKubernetesValidations() != null) {
      CelDecl self = CelDecl.of(s, root);
      for (ValidationRule r : s.getXKubernetesValidations()) {
        out.add(new RuleCost(path, r.getRule(), CelCost.estimate(r.getRule(), self), cardinality));
      }
    }
    if (s.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> p : s.getProperties().entrySet()) {
        walk(p.getValue(), path + ".properties[" + p.getKey() + "]", cardinality, false, out);
      }
    }
    if (s.getItems() != null && s.getItems().getSchema() != null) {
      // An unbounded list: as many items as fit in a request (schemas.go
      // estimateMaxArrayItemsFromMinSize).
      long n = s.getMaxItems() != null ? s.getMaxItems() : CelDecl.of(s).maxElements;
      walk(s.getItems().getSchema(), path + ".items", CelCost.mul(cardinality, n), false, out);
    }
    if (s.getAdditionalProperties() != null && s.getAdditionalProperties().getSchema() != null) {
      long n = s.getMaxProperties() != null ? s.getMaxProperties() : CelDecl.of(s).maxElements;
      walk(
          s.getAdditionalProperties().getSchema(),
          path + ".additionalProperties",
          CelCost.mul(cardinality, n),
          false,
          out);
    }
  }
}
