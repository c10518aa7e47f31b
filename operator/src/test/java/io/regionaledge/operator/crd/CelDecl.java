package io.regionaledge.operator.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CEL type the API server derives from one node of a CRD schema, reduced to what the cost
 * estimator needs: kind, the largest size (string length in bytes, list items, map entries) and the
 * smallest serialized size. A port of {@code SchemaDeclType} in Kubernetes
 * staging/src/k8s.io/apiserver/pkg/cel/common/schemas.go (same at v0.28-v0.33; at v0.31.0 maxLength
 * x 4 L166, the longest enum value L169, the request size L171 and L229-242).
 *
 * <p>Formats are ignored: schemas.go gives date, date-time and duration strings a smaller bound
 * than a plain string, so treating them as plain strings can only overestimate (stricter).
 */
final class CelDecl {
  enum Kind {
    OBJECT,
    MAP,
    LIST,
    STRING,
    INT,
    DOUBLE,
    BOOL,
    DYN
  }

  /** apiserver/pkg/apis/cel/config.go: MaxRequestSizeBytes = 3 * 1024 * 1024. */
  static final long MAX_REQUEST_BYTES = 3L * 1024 * 1024;

  /** schemas.go estimateMaxStringLengthPerRequest: "subtract 2 to account for \"\"". */
  static final long MAX_STRING_PER_REQUEST = MAX_REQUEST_BYTES - 2;

  final Kind kind;

  /**
   * DeclType.MaxElements: 0 for scalars (apiserver/pkg/cel/types.go IntType, BoolType, DoubleType).
   */
  final long maxElements;

  /** DeclType.MinSerializedSize (types.go MinStringSize 2, MinBoolSize 4, MinNumberSize 1). */
  final long minSize;

  final CelDecl elem;
  final Map<String, CelDecl> fields;

  private CelDecl(
      Kind kind, long maxElements, long minSize, CelDecl elem, Map<String, CelDecl> fields) {
    this.kind = kind;
    this.maxElements = maxElements;
    this.minSize = minSize;
    this.elem = elem;
    this.fields = fields;
  }

  /**
   * A map key: schemas.go builds maps with NewMapType(apiservercel.StringType, ...), whose
   * StringType carries no MaxElements, so the server prices key comparisons at 0.
   */
  static final CelDecl MAP_KEY = new CelDecl(Kind.STRING, 0, 2, null, Map.of());

  static CelDecl unboundedString() {
    return new CelDecl(Kind.STRING, MAX_STRING_PER_REQUEST, 2, null, Map.of());
  }

  /**
   * The type of a rule's {@code self}. At the root of a custom resource the API server adds kind,
   * apiVersion, metadata.name and metadata.generateName as unbounded strings unless the schema
   * already declares all of them as strings (schemas.go SchemaDeclType isResourceRoot,
   * WithTypeAndObjectMeta).
   */
  static CelDecl of(JSONSchemaProps s, boolean resourceRoot) {
    CelDecl decl = of(s);
    if (!resourceRoot || decl.kind != Kind.OBJECT || declaresTypeAndObjectMeta(decl)) {
      return decl;
    }
    Map<String, CelDecl> fields = new LinkedHashMap<>(decl.fields);
    fields.put("kind", unboundedString());
    fields.put("apiVersion", unboundedString());
    Map<String, CelDecl> meta = new LinkedHashMap<>();
    meta.put("name", unboundedString());
    meta.put("generateName", unboundedString());
    fields.put("metadata", new CelDecl(Kind.OBJECT, 0, 2, null, meta));
    return new CelDecl(Kind.OBJECT, decl.maxElements, decl.minSize, null, fields);
  }

  private static boolean declaresTypeAndObjectMeta(CelDecl d) {
    CelDecl meta = d.fields.get("metadata");
    return isString(d.fields.get("kind"))
        && isString(d.fields.get("apiVersion"))
        && meta != null
        && meta.kind == Kind.OBJECT
        && isString(meta.fields.get("name"))
        && isString(meta.fields.get("generateName"));
  }

  private static boolean isString(CelDecl d) {
    return d != null && d.kind == Kind.STRING;
  }

  static CelDecl of(JSONSchemaProps s) {
    if (Boolean.TRUE.equals(s.getXKubernetesIntOrString())) {
      // schemas.go: dyn, MinSerializedSize 1, MaxElements from maxLength x 4 or the request size.
      long max = s.getMaxLength() != null ? s.getMaxLength() * 4 : MAX_STRING_PER_REQUEST;
      return new CelDecl(Kind.DYN, max, 1, null, Map.of());
    }
    String type = s.getType() == null ? "" : s.getType();
    switch (type) {
      case "array":
        {
          CelDecl items =
              s.getItems() == null || s.getItems().getSchema() == null
                  ? new CelDecl(Kind.DYN, MAX_STRING_PER_REQUEST, 1, null, Map.of())
                  : of(s.getItems().getSchema());
          // schemas.go estimateMaxArrayItemsFromMinSize: (maxRequestSizeBytes - 2) / (minSize + 1)
          long max =
              s.getMaxItems() != null
                  ? Math.max(0, s.getMaxItems())
                  : MAX_STRING_PER_REQUEST / (items.minSize + 1);
          return new CelDecl(Kind.LIST, max, 2, items, Map.of());
        }
      case "object":
        {
          if (s.getAdditionalProperties() != null
              && s.getAdditionalProperties().getSchema() != null) {
            CelDecl values = of(s.getAdditionalProperties().getSchema());
            // schemas.go estimateMaxAdditionalPropertiesFromMinSize: (max - 2) / (minSize + 6)
            long max =
                s.getMaxProperties() != null
                    ? Math.max(0, s.getMaxProperties())
                    : MAX_STRING_PER_REQUEST / (values.minSize + 6);
            return new CelDecl(Kind.MAP, max, 2, values, Map.of());
          }
          Map<String, CelDecl> fields = new LinkedHashMap<>();
          long minSize = 2; // "an object will always be serialized at least as {}"
          if (s.getProperties() != null) {
            for (Map.Entry<String, JSONSchemaProps> p : s.getProperties().entrySet()) {
              CelDecl field = of(p.getValue());
              fields.put(p.getKey(), field);
              boolean required = s.getRequired() != null && s.getRequired().contains(p.getKey());
              if (required && p.getValue().getDefault() == null) {
                minSize += p.getKey().length() + field.minSize + 4;
              }
            }
          }
          return new CelDecl(Kind.OBJECT, 0, minSize, null, fields);
        }
      case "string":
        {
          long max;
          if (s.getMaxLength() != null) {
            // schemas.go estimateMaxElementsFromMaxLength: maxLength is in runes, up to 4 bytes
            // each.
            max = Math.max(0, s.getMaxLength()) * 4;
          } else if (s.getEnum() != null && !s.getEnum().isEmpty()) {
            // schemas.go estimateMaxStringEnumLength: the longest enum value.
            max = s.getEnum().stream().mapToLong(e -> e.asText().length()).max().orElse(0);
          } else {
            max = MAX_STRING_PER_REQUEST;
          }
          return new CelDecl(Kind.STRING, max, 2, null, Map.of());
        }
      case "boolean":
        return new CelDecl(Kind.BOOL, 0, 4, null, Map.of());
      case "number":
        return new CelDecl(Kind.DOUBLE, 0, 1, null, Map.of());
      case "integer":
        return new CelDecl(Kind.INT, 0, 1, null, Map.of());
      default:
        return new CelDecl(Kind.DYN, MAX_STRING_PER_REQUEST, 1, null, Map.of());
    }
  }
}
