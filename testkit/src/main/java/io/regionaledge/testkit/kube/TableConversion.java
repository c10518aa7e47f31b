package io.regionaledge.testkit.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Server-side printing of a custom resource as a meta.k8s.io/v1 Table, as kubectl asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}: a Name column, then the CRD's
 * additionalPrinterColumns evaluated as simple JSONPaths (apiextensions-apiserver
 * pkg/registry/customresource/tableconvertor/tableconvertor.go: a missing value is an empty cell;
 * "date" cells become a human duration, k8s.io/apimachinery pkg/util/duration HumanDuration).
 */
final class TableConversion {
  private TableConversion() {}

  static MockResponse convert(StrictApiDispatcher server, ApiRequest r, String body) {
    JsonNode crd =
        server.storedAt(
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
                + r.resource()
                + "."
                + r.group());
    JsonNode columns = null;
    if (crd != null) {
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (version.path("name").asText().equals(r.version())) {
          columns = version.path("additionalPrinterColumns");
        }
      }
    }
    JsonNode object;
    try {
      object = ApiStatus.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return ApiStatus.of(500, "InternalError", e.getOriginalMessage(), null);
    }
    ObjectNode table = ApiStatus.JSON.createObjectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table
        .putObject("metadata")
        .put("resourceVersion", object.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions
        .addObject()
        .put("name", "Name")
        .put("type", "string")
        .put("format", "name")
        .put("description", "Name must be unique within a namespace.")
        .put("priority", 0);
    if (columns == null || columns.isEmpty()) {
      columns =
          ApiStatus.JSON
              .createArrayNode()
              .add(
                  ApiStatus.JSON
                      .createObjectNode()
                      .put("name", "Age")
                      .put("type", "date")
                      .put("jsonPath", ".metadata.creationTimestamp"));
    }
    for (JsonNode c : columns) {
      definitions
          .addObject()
          .put("name", c.path("name").asText())
          .put("type", c.path("type").asText())
          .put("format", c.path("format").asText(""))
          .put("description", c.path("description").asText(""))
          .put("priority", c.path("priority").asInt(0));
    }
    ArrayNode rows = table.putArray("rows");
    Iterable<JsonNode> items =
        object.has("items") ? object.path("items") : java.util.List.of(object);
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      for (JsonNode c : columns) {
        cells.add(cell(c.path("type").asText(), select(item, c.path("jsonPath").asText())));
      }
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", item.path("metadata"));
    }
    return ApiStatus.json(200, table.toString());
  }

  /**
   * A simple JSONPath (".status.ready"), the only form a CRD may declare (validateSimpleJSONPath).
   */
  static JsonNode select(JsonNode item, String path) {
    JsonNode node = item;
    for (String part : path.replaceFirst("^\\.", "").split("\\.")) {
      if (part.isEmpty()) {
        continue;
      }
      node = node.path(part);
    }
    return node;
  }

  private static JsonNode cell(String type, JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return ApiStatus.JSON.nullNode();
    }
    if (type.equals("date")) {
      try {
        return ApiStatus.JSON
            .getNodeFactory()
            .textNode(human(Duration.between(Instant.parse(value.asText()), Instant.now())));
      } catch (DateTimeParseException e) {
        return ApiStatus.JSON.getNodeFactory().textNode("<invalid>");
      }
    }
    return value;
  }

  /** HumanDuration from k8s.io/apimachinery pkg/util/duration/duration.go. */
  static String human(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 192) {
      long h = hours % 24;
      return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
    }
    return (hours / 24) + "d";
  }
}
