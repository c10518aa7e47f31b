package io.regionaledge.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validation kube-apiserver runs on the objects the operator writes, with its messages: names
 * (k8s.io/apimachinery pkg/util/validation/validation.go IsDNS1123Subdomain, IsDNS1035Label,
 * IsDNS1123Label), labels (pkg/apis/meta/v1/validation ValidateLabels: IsQualifiedName,
 * IsValidLabelValue), and the per-kind rules of pkg/apis/core/validation/validation.go and
 * pkg/apis/apps/validation/validation.go that our objects can break.
 */
public final class ObjectValidation {
  /** One field error, printed as the API server prints it: "field: Invalid value: ...: detail". */
  public record FieldError(String field, String type, String value, String detail) {
    public String text() {
      return type.equals("Invalid value")
          ? field + ": Invalid value: \"" + value + "\": " + detail
          : field + ": " + type + ": " + detail;
    }
  }

  static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  static final Pattern IANA_SVC_NAME = Pattern.compile("[-a-z0-9]+");
  static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private static final String DNS1035_MSG =
      "a DNS-1035 label must consist of lower case alphanumeric characters or "
          + "'-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
          + "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  private static final String DNS1123_LABEL_MSG =
      "a lowercase RFC 1123 label must consist of lower case "
          + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  "
          + "or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  private static final String DNS1123_SUBDOMAIN_MSG =
      "a lowercase RFC 1123 subdomain must consist of lower case "
          + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
          + "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final String LABEL_VALUE_MSG =
      "a valid label must be an empty string or consist of alphanumeric "
          + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
          + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  private ObjectValidation() {}

  /** Everything wrong with {@code object} (a create when {@code old} is null, else an update). */
  public static List<FieldError> validate(ObjectNode object, JsonNode old) {
    List<FieldError> errors = new ArrayList<>();
    String kind = object.path("kind").asText();
    JsonNode meta = object.path("metadata");
    String name = meta.path("name").asText();
    if (!name.isEmpty()) {
      switch (kind) {
        // core/validation ValidateServiceName = NameIsDNS1035Label
        case "Service" -> dns1035(errors, "metadata.name", name);
        // core/validation ValidateNamespaceName = NameIsDNSLabel
        case "Namespace" -> dns1123Label(errors, "metadata.name", name);
        // Deployments, Pods, ConfigMaps, Secrets, PDBs, Leases, Nodes and custom resources:
        // NameIsDNSSubdomain
        default -> dns1123Subdomain(errors, "metadata.name", name);
      }
    }
    labels(errors, "metadata.labels", meta.get("labels"));
    annotations(errors, meta.get("annotations"));
    switch (kind) {
      case "Deployment" -> deployment(errors, object, old);
      case "Pod" -> podSpec(errors, "spec", object.path("spec"));
      case "ConfigMap" -> configMap(errors, object);
      case "Service" -> service(errors, object);
      default -> {}
    }
    return errors;
  }

  /** apps/validation ValidateDeploymentSpec and ValidateDeploymentUpdate. */
  private static void deployment(List<FieldError> errors, ObjectNode d, JsonNode old) {
    JsonNode spec = d.path("spec");
    JsonNode selector = spec.path("selector").path("matchLabels");
    if (spec.path("selector").isMissingNode() || spec.path("selector").isEmpty()) {
      errors.add(new FieldError("spec.selector", "Required value", "", "Required value"));
    }
    JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
    labels(errors, "spec.template.metadata.labels", templateLabels);
    labels(errors, "spec.selector.matchLabels", selector);
    for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().equals(templateLabels.get(e.getKey()))) {
        errors.add(
            new FieldError(
                "spec.template.metadata.labels",
                "Invalid value",
                templateLabels.toString(),
                "`selector` does not match template `labels`"));
        break;
      }
    }
    if (spec.path("replicas").asInt(0) < 0) {
      errors.add(
          new FieldError(
              "spec.replicas",
              "Invalid value",
              spec.path("replicas").asText(),
              "must be greater than or equal to 0"));
    }
    if (old != null && !old.path("spec").path("selector").equals(spec.path("selector"))) {
      errors.add(
          new FieldError(
              "spec.selector",
              "Invalid value",
              spec.path("selector").toString(),
              "field is immutable"));
    }
    podSpec(errors, "spec.template.spec", spec.path("template").path("spec"));
  }

  /** core/validation validateContainers / validateContainerPorts (the rules our pods can break). */
  private static void podSpec(List<FieldError> errors, String path, JsonNode spec) {
    JsonNode containers = spec.path("containers");
    if (!containers.isArray() || containers.isEmpty()) {
      errors.add(new FieldError(path + ".containers", "Required value", "", "Required value"));
      return;
    }
    for (int i = 0; i < containers.size(); i++) {
      JsonNode c = containers.get(i);
      String cp = path + ".containers[" + i + "]";
      dns1123Label(errors, cp + ".name", c.path("name").asText());
      if (c.path("image").asText().isBlank()) {
        errors.add(new FieldError(cp + ".image", "Required value", "", "Required value"));
      }
      JsonNode ports = c.path("ports");
      for (int p = 0; p < ports.size(); p++) {
        JsonNode port = ports.get(p);
        String pp = cp + ".ports[" + p + "]";
        int containerPort = port.path("containerPort").asInt(0);
        if (containerPort < 1 || containerPort > 65535) {
          errors.add(
              new FieldError(
                  pp + ".containerPort",
                  "Invalid value",
                  String.valueOf(containerPort),
                  "must be between 1 and 65535, inclusive"));
        }
        int hostPort = port.path("hostPort").asInt(0);
        if (hostPort < 0 || hostPort > 65535) {
          errors.add(
              new FieldError(
                  pp + ".hostPort",
                  "Invalid value",
                  String.valueOf(hostPort),
                  "must be between 1 and 65535, inclusive"));
        }
        if (port.has("name")) {
          portName(errors, pp + ".name", port.path("name").asText());
        }
      }
    }
  }

  /** core/validation ValidateConfigMap: keys are IsConfigMapKey, data at most 1 MiB in all. */
  private static void configMap(List<FieldError> errors, ObjectNode cm) {
    long total = 0;
    for (String field : new String[] {"data", "binaryData"}) {
      for (Iterator<Map.Entry<String, JsonNode>> it = cm.path(field).fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().length() > 253 || !CONFIG_MAP_KEY.matcher(e.getKey()).matches()) {
          errors.add(
              new FieldError(
                  field + "[" + e.getKey() + "]",
                  "Invalid value",
                  e.getKey(),
                  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
                      + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
        }
        total += e.getValue().asText().length();
      }
    }
    if (total > 1024 * 1024) {
      errors.add(new FieldError("data", "Too long", "", "must have at most 1048576 bytes"));
    }
  }

  /**
   * core/validation ValidateService: port numbers, and a name on every port when there are several.
   */
  private static void service(List<FieldError> errors, ObjectNode svc) {
    JsonNode ports = svc.path("spec").path("ports");
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      int number = port.path("port").asInt(0);
      if (number < 1 || number > 65535) {
        errors.add(
            new FieldError(
                "spec.ports[" + i + "].port",
                "Invalid value",
                String.valueOf(number),
                "must be between 1 and 65535, inclusive"));
      }
      if (ports.size() > 1 && port.path("name").asText().isEmpty()) {
        errors.add(
            new FieldError("spec.ports[" + i + "].name", "Required value", "", "Required value"));
      }
    }
  }

  private static void labels(List<FieldError> errors, String field, JsonNode labels) {
    if (labels == null || !labels.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      qualifiedName(errors, field, e.getKey());
      String value = e.getValue().asText();
      if (value.length() > 63) {
        errors.add(
            new FieldError(field, "Invalid value", value, "must be no more than 63 characters"));
      }
      if (!LABEL_VALUE.matcher(value).matches()) {
        errors.add(new FieldError(field, "Invalid value", value, LABEL_VALUE_MSG));
      }
    }
  }

  /**
   * meta/v1/validation ValidateAnnotations: qualified keys, 256 KiB in all
   * (TotalAnnotationSizeLimitB).
   */
  private static void annotations(List<FieldError> errors, JsonNode annotations) {
    if (annotations == null || !annotations.isObject()) {
      return;
    }
    long total = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      qualifiedName(errors, "metadata.annotations", e.getKey());
      total += e.getKey().length() + e.getValue().asText().length();
    }
    if (total > 256 * 1024) {
      errors.add(
          new FieldError("metadata.annotations", "Too long", "", "must have at most 262144 bytes"));
    }
  }

  /**
   * IsQualifiedName: an optional DNS-subdomain prefix and "/", then a name of at most 63
   * characters.
   */
  private static void qualifiedName(List<FieldError> errors, String field, String key) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty()
          || prefix.length() > 253
          || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
        errors.add(
            new FieldError(field, "Invalid value", key, "prefix part " + DNS1123_SUBDOMAIN_MSG));
      }
    }
    if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
      errors.add(
          new FieldError(
              field,
              "Invalid value",
              key,
              "name part must consist of alphanumeric characters, "
                  + "'-', '_' or '.', and must start and end with an alphanumeric character, at most 63 characters"));
    }
  }

  /**
   * IsValidPortName (IANA_SVC_NAME): 1-15 characters, a letter somewhere, no leading, trailing or
   * double '-'.
   */
  private static void portName(List<FieldError> errors, String field, String name) {
    if (name.length() > 15
        || !IANA_SVC_NAME.matcher(name).matches()
        || !name.matches(".*[a-z].*")
        || name.startsWith("-")
        || name.endsWith("-")
        || name.contains("--")) {
      errors.add(
          new FieldError(
              field,
              "Invalid value",
              name,
              "must be no more than 15 characters, contain only "
                  + "[-a-z0-9], at least one letter, and no leading, trailing or double '-'"));
    }
  }

  static void dns1035(List<FieldError> errors, String field, String value) {
    if (value.length() > 63) {
      errors.add(
          new FieldError(field, "Invalid value", value, "must be no more than 63 characters"));
    }
    if (!DNS1035_LABEL.matcher(value).matches()) {
      errors.add(new FieldError(field, "Invalid value", value, DNS1035_MSG));
    }
  }

  static void dns1123Label(List<FieldError> errors, String field, String value) {
    if (value.length() > 63) {
      errors.add(
          new FieldError(field, "Invalid value", value, "must be no more than 63 characters"));
    }
    if (!DNS1123_LABEL.matcher(value).matches()) {
      errors.add(new FieldError(field, "Invalid value", value, DNS1123_LABEL_MSG));
    }
  }

  static void dns1123Subdomain(List<FieldError> errors, String field, String value) {
    if (value.length() > 253) {
      errors.add(
          new FieldError(field, "Invalid value", value, "must be no more than 253 characters"));
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      errors.add(new FieldError(field, "Invalid value", value, DNS1123_SUBDOMAIN_MSG));
    }
  }
}
