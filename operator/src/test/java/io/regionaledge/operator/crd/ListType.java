package io.regionaledge.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * x-kubernetes-list-type as the API server enforces it on create and update: in a {@code set} every
 * item is unique; in a {@code map} no two items have the same values for all
 * x-kubernetes-list-map-keys. Kubernetes apiextensions-apiserver
 * pkg/apiserver/schema/listtype/validation.go (validateListSet, validateListMap; the map case at
 * L181 in v0.31.0): the second occurrence gets {@code field.Duplicate(fldPath.Index(i), ...)},
 * printed as {@code spec.regions[1]: Duplicate value: map[string]interface {}{"name":"us-east-1"}}.
 * A key field that is absent counts as its default if the schema gives one, as the server defaults
 * before it validates.
 */
final class ListType {
  private ListType() {}

  static void check(JSONSchemaProps s, JsonNode list, String path, List<String> errors) {
    String type = s.getXKubernetesListType();
    if ("set".equals(type)) {
      Set<JsonNode> seen = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        if (!seen.add(list.get(i))) {
          errors.add(path + "[" + i + "]: Duplicate value: " + list.get(i));
        }
      }
    } else if ("map".equals(type)) {
      List<String> keys = s.getXKubernetesListMapKeys();
      if (keys == null || keys.isEmpty()) {
        throw new IllegalStateException(
            path
                + ": x-kubernetes-list-type map without x-kubernetes-list-map-keys"
                + " (the API server rejects such a CRD)");
      }
      JSONSchemaProps items = s.getItems() == null ? null : s.getItems().getSchema();
      Set<JsonNode> seen = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        for (String k : keys) {
          JsonNode value = list.get(i).get(k);
          if (value == null
              && items != null
              && items.getProperties() != null
              && items.getProperties().get(k) != null
              && items.getProperties().get(k).getDefault() != null) {
            value = items.getProperties().get(k).getDefault();
          }
          key.set(k, value);
        }
        if (!seen.add(key)) {
          errors.add(path + "[" + i + "]: Duplicate value: " + key);
        }
      }
    }
  }
}
