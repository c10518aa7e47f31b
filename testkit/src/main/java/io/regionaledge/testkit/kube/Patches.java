package io.regionaledge.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Iterator;
import java.util.Map;

/**
 * Applies a PATCH body the way the API server's patcher does (k8s.io/apiserver
 * pkg/endpoints/handlers/patch.go): RFC 6902 JSON Patch, RFC 7386 JSON merge patch, and strategic
 * merge patch. Strategic merge differs from a merge patch only where lists are merged by key; a
 * strategic patch that contains a list is refused here (415) rather than merged wrongly, and
 * server-side apply is not offered (the operator does not use it).
 */
final class Patches {
  static final String JSON = "application/json-patch+json";
  static final String MERGE = "application/merge-patch+json";
  static final String STRATEGIC = "application/strategic-merge-patch+json";

  /** Thrown for a patch the server would refuse; carries the HTTP status. */
  static final class PatchException extends Exception {
    final int code;

    PatchException(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private Patches() {}

  static JsonNode apply(JsonNode current, JsonNode patch, String contentType)
      throws PatchException {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    switch (type) {
      case JSON -> {
        try {
          return JsonPatch.apply(patch, current.deepCopy());
        } catch (RuntimeException e) {
          // patch.go: a JSON patch that does not apply is a 422 (or 500 for a failed test op).
          throw new PatchException(
              422,
              "the server rejected our request due to an error in our request: " + e.getMessage());
        }
      }
      case MERGE -> {
        return merge(current.deepCopy(), patch);
      }
      case STRATEGIC -> {
        if (containsList(patch)) {
          throw new PatchException(
              415, "strategic merge patches with lists are not modelled by this test server");
        }
        return merge(current.deepCopy(), patch);
      }
      default ->
          throw new PatchException(
              415,
              "the body of the request was in an unknown format - accepted media "
                  + "types include: application/json-patch+json, application/merge-patch+json, "
                  + "application/strategic-merge-patch+json");
    }
  }

  /** RFC 7386 MergePatch: objects merge recursively, null deletes, anything else replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target instanceof ObjectNode o ? o : ((ObjectNode) patch).objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        JsonNode existing = result.get(e.getKey());
        result.set(
            e.getKey(), merge(existing == null ? result.objectNode() : existing, e.getValue()));
      }
    }
    return result;
  }

  private static boolean containsList(JsonNode node) {
    if (node.isArray()) {
      return true;
    }
    for (JsonNode child : node) {
      if (containsList(child)) {
        return true;
      }
    }
    return false;
  }
}
