package io.regionaledge.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API server checks on create for the parts of an openAPIV3Schema this CRD uses: types,
 * required, patterns, ranges, lengths, item and property counts, enums, list-map and set
 * uniqueness, and the x-kubernetes-validations CEL rules (evaluated with cel-java; Kubernetes'
 * extra CEL libraries are not needed by these rules). Defaulting and pruning are not modelled; CEL
 * cost limits are {@link CelBudget}'s.
 */
public final class SchemaCheck {
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private SchemaCheck() {}

  /** The violations, each starting with its field path; empty when the value is valid. */
  public static List<String> validate(JSONSchemaProps schema, JsonNode value) {
    List<String> errors = new ArrayList<>();
    check(schema, value, "", errors);
    return errors;
  }

  private static void check(JSONSchemaProps s, JsonNode v, String path, List<String> errors) {
    if (v == null || v.isNull()) {
      return;
    }
    String type = s.getType();
    if (type != null && !typeMatches(type, v)) {
      errors.add(path + ": must be of type " + type);
      return;
    }
    if (s.getEnum() != null
        && !s.getEnum().isEmpty()
        && s.getEnum().stream().noneMatch(e -> e.asText().equals(v.asText()))) {
      errors.add(path + ": must be one of " + s.getEnum());
    }
    if (v.isTextual()) {
      String text = v.asText();
      if (s.getPattern() != null
          && !java.util.regex.Pattern.compile(s.getPattern()).matcher(text).find()) {
        errors.add(path + ": must match " + s.getPattern());
      }
      // kube-openapi pkg/validation/validate MaxLength counts runes (utf8.RuneCountInString).
      if (s.getMaxLength() != null && text.codePointCount(0, text.length()) > s.getMaxLength()) {
        errors.add(path + ": may be at most " + s.getMaxLength() + " characters");
      }
    }
    if (v.isNumber()) {
      if (s.getMinimum() != null && v.asDouble() < s.getMinimum()) {
        errors.add(path + ": must be >= " + s.getMinimum().longValue());
      }
      if (s.getMaximum() != null && v.asDouble() > s.getMaximum()) {
        errors.add(path + ": must be <= " + s.getMaximum().longValue());
      }
    }
    if (v.isObject()) {
      if (s.getRequired() != null) {
        for (String field : s.getRequired()) {
          if (!v.has(field)) {
            errors.add(path + "." + field + ": Required value");
          }
        }
      }
      if (s.getMaxProperties() != null && v.size() > s.getMaxProperties()) {
        errors.add(path + ": must have at most " + s.getMaxProperties() + " properties");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JSONSchemaProps child =
            s.getProperties() == null ? null : s.getProperties().get(field.getKey());
        if (child == null && s.getAdditionalProperties() != null) {
          child = s.getAdditionalProperties().getSchema();
        }
        if (child != null) {
          check(child, field.getValue(), path + "." + field.getKey(), errors);
        }
      }
    }
    if (v.isArray()) {
      if (s.getMinItems() != null && v.size() < s.getMinItems()) {
        errors.add(path + ": must have at least " + s.getMinItems() + " items");
      }
      if (s.getMaxItems() != null && v.size() > s.getMaxItems()) {
        errors.add(path + ": must have at most " + s.getMaxItems() + " items");
      }
      if (s.getItems() != null && s.getItems().getSchema() != null) {
        for (int i = 0; i < v.size(); i++) {
          check(s.getItems().getSchema(), v.get(i), path + "[" + i + "]", errors);
        }
      }
      ListType.check(s, v, path, errors);
    }
    if (s.getXKubernetesValidations() != null) {
      for (ValidationRule rule : s.getXKubernetesValidations()) {
        if (!Boolean.TRUE.equals(evaluate(rule.getRule(), toCel(v)))) {
          errors.add(path + ": " + rule.getMessage());
        }
      }
    }
  }

  static CelAbstractSyntaxTree compile(String rule) {
    try {
      return COMPILER.compile(rule).getAst();
    } catch (Exception e) {
      throw new IllegalStateException("CEL rule does not compile: " + rule, e);
    }
  }

  static Object evaluate(String rule, Object self) {
    try {
      CelAbstractSyntaxTree ast = compile(rule);
      return RUNTIME.createProgram(ast).eval(Map.of("self", self));
    } catch (Exception e) {
      throw new IllegalStateException("CEL rule does not compile or evaluate: " + rule, e);
    }
  }

  private static boolean typeMatches(String type, JsonNode v) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      default -> true;
    };
  }

  private static Object toCel(JsonNode v) {
    if (v.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      v.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      v.forEach(e -> list.add(toCel(e)));
      return list;
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    return v.asText();
  }
}
