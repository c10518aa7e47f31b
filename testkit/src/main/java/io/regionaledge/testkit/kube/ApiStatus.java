package io.regionaledge.testkit.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;

/** metav1.Status answers, shaped as k8s.io/apimachinery pkg/api/errors builds them. */
final class ApiStatus {
  static final ObjectMapper JSON = new ObjectMapper();

  private ApiStatus() {}

  static MockResponse of(int code, String reason, String message, ObjectNode details) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return json(code, status.toString());
  }

  static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .addHeader("Content-Type", "application/json")
        .setBody(body);
  }

  /** errors.NewForbidden with the RBAC authorizer's reason text (rbac.go, authorizer.go). */
  static MockResponse forbidden(ApiRequest r, String user) {
    if (!r.resourceRequest()) {
      return of(
          403,
          "Forbidden",
          "forbidden: User \"" + user + "\" cannot " + r.verb() + " path \"" + r.path() + "\"",
          null);
    }
    String groupResource = r.group().isEmpty() ? r.resource() : r.resource() + "." + r.group();
    String scope =
        r.namespace() == null
            ? "at the cluster scope"
            : "in the namespace \"" + r.namespace() + "\"";
    String message =
        groupResource
            + (r.name() == null ? "" : " \"" + r.name() + "\"")
            + " is forbidden: User \""
            + user
            + "\" cannot "
            + r.verb()
            + " resource \""
            + r.resourceWithSubresource()
            + "\" in API group \""
            + r.group()
            + "\" "
            + scope;
    ObjectNode details = JSON.createObjectNode();
    if (r.name() != null) {
      details.put("name", r.name());
    }
    details.put("group", r.group()).put("kind", r.resource());
    return of(403, "Forbidden", message, details);
  }

  /** errors.NewConflict with registry.OptimisticLockErrorMsg. */
  static MockResponse conflict(ApiRequest r) {
    String groupResource = r.group().isEmpty() ? r.resource() : r.resource() + "." + r.group();
    return of(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + groupResource
            + " \""
            + r.name()
            + "\": the object has been modified; please apply your changes to the latest version and try again",
        null);
  }

  /** errors.NewInvalid: 422 with one cause per field error. */
  static MockResponse invalid(
      String kind, String group, String name, List<ObjectValidation.FieldError> errors) {
    ObjectNode details = JSON.createObjectNode();
    details.put("name", name).put("group", group).put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    StringBuilder message = new StringBuilder(kind + " \"" + name + "\" is invalid: ");
    for (int i = 0; i < errors.size(); i++) {
      ObjectValidation.FieldError e = errors.get(i);
      String text = e.text();
      causes
          .addObject()
          .put("reason", "Field" + e.type().replace(" ", ""))
          .put("message", text.substring(e.field().length() + 2))
          .put("field", e.field());
      message.append(i == 0 ? "" : ", ").append(text);
    }
    if (errors.size() > 1) {
      message.insert(message.indexOf(": ") + 2, "[").append("]");
    }
    return of(422, "Invalid", message.toString(), details);
  }
}
