package io.regionaledge.testkit.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The fabric8 CRUD mock behind the parts of kube-apiserver's request chain the operator depends on:
 * authentication by bearer token and RBAC authorization (403), subresource semantics for {@code
 * status}, optimistic locking (409), defaulting, quantity canonicalisation, Service IP and port
 * allocation, and validation (422) before anything is stored; discovery and server-side Table
 * conversion for a real kubectl. Each rule lives in its own class with its upstream source.
 */
public class StrictApiDispatcher extends KubernetesCrudDispatcher {
  /** One request as the server saw it, with the user it authenticated and the answer it got. */
  public record Call(String user, String method, ApiRequest request, int code, String body) {
    public boolean isWrite() {
      return request.isWrite();
    }

    /** The resourceVersion a write was conditioned on (optimistic locking), or "" for none. */
    public String preconditionVersion() {
      if (body == null || body.isEmpty() || !body.trim().startsWith("{")) {
        return "";
      }
      try {
        return ApiStatus.JSON.readTree(body).path("metadata").path("resourceVersion").asText("");
      } catch (JsonProcessingException e) {
        return "";
      }
    }
  }

  /**
   * The admin the test's own client authenticates as (no token): system:masters, allowed
   * everything.
   */
  public static final String ADMIN = "kubernetes-admin";

  /**
   * Resources whose status is a subresource: a write to the main resource keeps the stored status
   * and a write to /status keeps everything else (registry strategies PrepareForUpdate in
   * pkg/registry/{apps/deployment,core/pod,core/service,policy/poddisruptionbudget,core/node,
   * core/namespace}/strategy.go; custom resources per their CRD's subresources.status).
   */
  private static final Set<String> STATUS_SUBRESOURCE =
      Set.of(
          "deployments",
          "replicasets",
          "pods",
          "services",
          "poddisruptionbudgets",
          "nodes",
          "namespaces");

  /** Cleared on create by PrepareForCreate (the same strategy files); Nodes keep theirs. */
  private static final Set<String> STATUS_CLEARED_ON_CREATE =
      Set.of("deployments", "replicasets", "services", "poddisruptionbudgets");

  private static final Set<String> BUILTIN_GROUPS =
      Set.of(
          "",
          "apps",
          "policy",
          "coordination.k8s.io",
          "apiextensions.k8s.io",
          "rbac.authorization.k8s.io",
          "authorization.k8s.io",
          "events.k8s.io");

  private final RbacAuthorizer rbac;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Consumer<Call>> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock writes = new ReentrantLock();
  private final ServiceAllocator services = new ServiceAllocator();
  private final Discovery discovery = new Discovery(this);

  /** Validates a custom resource against its CRD's schema: the violations, empty when valid. */
  public interface SchemaValidator {
    List<String> violations(JsonNode object);
  }

  private final Map<String, SchemaValidator> schemas = new ConcurrentHashMap<>();

  /**
   * Custom resources of {@code group} are validated on every create and update, as the
   * apiextensions-apiserver does with the CRD's openAPIV3Schema and x-kubernetes-validations
   * (pkg/registry/customresource/validator.go): a violation is a 422 and nothing is stored.
   */
  public void validateCustomResources(String group, SchemaValidator validator) {
    schemas.put(group, validator);
  }

  public StrictApiDispatcher(RbacAuthorizer rbac) {
    super(List.of());
    this.rbac = rbac;
  }

  /** A bearer token that authenticates as {@code user}, authorized by the RBAC manifest. */
  public String tokenFor(RbacAuthorizer.User user) {
    String token = "token-" + Integer.toHexString(user.name().hashCode()) + "-" + tokens.size();
    tokens.put(token, user.name());
    return token;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public void onCall(Consumer<Call> listener) {
    listeners.add(listener);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    ApiRequest r = ApiRequest.parse(request.getMethod(), request.getPath());
    String user = authenticate(request);
    // The body can be read once: writes read it here, everything else leaves it to the mock.
    String body = r.isWrite() && !r.verb().startsWith("delete") ? request.getUtf8Body() : null;
    MockResponse response = serve(request, r, user, body);
    Call call = new Call(user, request.getMethod(), r, response.code(), body);
    calls.add(call);
    listeners.forEach(l -> l.accept(call));
    return response;
  }

  private MockResponse serve(RecordedRequest request, ApiRequest r, String user, String body) {
    if (!user.equals(ADMIN) && !rbac.allows(new RbacAuthorizer.User(user), r)) {
      return ApiStatus.forbidden(r, user);
    }
    if (!r.resourceRequest()) {
      MockResponse discovered = discovery.serve(r);
      return discovered != null ? discovered : super.dispatch(request);
    }
    if (r.resource().equals("selfsubjectrulesreviews")) {
      return discovery.rulesReview(body, user, rbac);
    }
    if (r.isWrite() && !r.verb().startsWith("delete")) {
      writes.lock();
      try {
        return write(request, r, body);
      } finally {
        writes.unlock();
      }
    }
    if (r.verb().equals("get") || r.verb().equals("list")) {
      String accept = request.getHeader("Accept");
      if (accept != null && accept.contains("as=Table") && !BUILTIN_GROUPS.contains(r.group())) {
        MockResponse plain = super.dispatch(request);
        return plain.code() == 200 ? TableConversion.convert(this, r, body(plain)) : plain;
      }
    }
    if (r.verb().startsWith("delete")) {
      writes.lock();
      try {
        return super.dispatch(request);
      } finally {
        writes.unlock();
      }
    }
    return super.dispatch(request);
  }

  private String authenticate(RecordedRequest request) {
    String header = request.getHeader("Authorization");
    if (header != null && header.startsWith("Bearer ")) {
      String user = tokens.get(header.substring("Bearer ".length()).trim());
      if (user != null) {
        return user;
      }
    }
    return ADMIN;
  }

  /** create, update and patch: build the object the server would store, check it, then store it. */
  private MockResponse write(RecordedRequest request, ApiRequest r, String text) {
    JsonNode body;
    try {
      body = ApiStatus.JSON.readTree(text == null || text.isEmpty() ? "{}" : text);
    } catch (JsonProcessingException e) {
      return ApiStatus.of(
          400,
          "BadRequest",
          "the object provided is unrecognized: " + e.getOriginalMessage(),
          null);
    }
    boolean statusWrite = "status".equals(r.subresource());
    JsonNode current = r.name() == null ? null : stored(r);
    if (!r.verb().equals("create") && current == null) {
      return ApiStatus.of(404, "NotFound", r.resource() + " \"" + r.name() + "\" not found", null);
    }
    JsonNode candidate;
    if (r.verb().equals("patch")) {
      try {
        candidate = Patches.apply(current, body, request.getHeader("Content-Type"));
      } catch (Patches.PatchException e) {
        return ApiStatus.of(
            e.code, e.code == 415 ? "UnsupportedMediaType" : "Invalid", e.getMessage(), null);
      }
    } else {
      candidate = body;
    }
    if (!(candidate instanceof ObjectNode object)) {
      return ApiStatus.of(400, "BadRequest", "the object provided is not a JSON object", null);
    }
    String kind = object.path("kind").asText(current == null ? "" : current.path("kind").asText());
    String name = object.path("metadata").path("name").asText(r.name() == null ? "" : r.name());
    if (current != null) {
      String rv = object.path("metadata").path("resourceVersion").asText("");
      if (r.verb().equals("update") && rv.isEmpty() && !BUILTIN_GROUPS.contains(r.group())) {
        // apiextensions-apiserver pkg/registry/customresource/strategy.go:
        // AllowUnconditionalUpdate() false.
        return ApiStatus.invalid(
            kind,
            r.group(),
            name,
            List.of(
                new ObjectValidation.FieldError(
                    "metadata.resourceVersion",
                    "Invalid value",
                    "0x0",
                    "must be specified for an update")));
      }
      // apiserver pkg/registry/generic/registry/store.go Update: a stale resourceVersion is a
      // conflict.
      if (!rv.isEmpty() && !rv.equals(current.path("metadata").path("resourceVersion").asText())) {
        return ApiStatus.conflict(r);
      }
    }
    boolean hasStatus =
        STATUS_SUBRESOURCE.contains(r.resource())
            || (!BUILTIN_GROUPS.contains(r.group())
                && isStatusSubresourceEnabledForResource(r.path()));
    ObjectNode result;
    if (statusWrite) {
      result = (ObjectNode) current.deepCopy();
      if (object.has("status")) {
        result.set("status", object.get("status"));
      } else {
        result.remove("status");
      }
    } else {
      result = object;
      if (current != null && hasStatus) {
        if (current.has("status")) {
          result.set("status", current.get("status"));
        } else {
          result.remove("status");
        }
      } else if (current == null) {
        prepareForCreate(r, result, hasStatus);
      }
    }
    if (current != null) {
      ((ObjectNode) result.path("metadata"))
          .put("resourceVersion", current.path("metadata").path("resourceVersion").asText());
    }
    ServerDefaults.apply(result);
    List<ObjectValidation.FieldError> errors = new ArrayList<>();
    try {
      errors.addAll(ObjectValidation.validate(result, current));
      if (kind.equals("Service")) {
        errors.addAll(services.allocate(result, current));
      }
    } catch (IllegalArgumentException e) {
      errors.add(new ObjectValidation.FieldError("spec", "Invalid value", "", e.getMessage()));
    }
    SchemaValidator schema = schemas.get(r.group());
    if (schema != null && !statusWrite) {
      for (String violation : schema.violations(result)) {
        int colon = violation.indexOf(':');
        errors.add(
            new ObjectValidation.FieldError(
                colon > 0 ? violation.substring(0, colon) : "spec",
                "Invalid",
                "",
                colon > 0 ? violation.substring(colon + 1).trim() : violation));
      }
    }
    if (!errors.isEmpty()) {
      return ApiStatus.invalid(kind, r.group(), name, errors);
    }
    RecordedRequest forward =
        new RecordedRequest(
            request.getRequestLine(),
            current == null ? HttpMethod.POST : HttpMethod.PUT,
            r.path(),
            request.getHeaders(),
            new Buffer(result.toString().getBytes(StandardCharsets.UTF_8)));
    return current == null ? super.handleCreate(forward) : super.handleUpdate(forward);
  }

  /** pkg/registry/.../strategy.go PrepareForCreate: status is the server's to set. */
  private void prepareForCreate(ApiRequest r, ObjectNode object, boolean hasStatus) {
    if (STATUS_CLEARED_ON_CREATE.contains(r.resource())
        || (hasStatus && !BUILTIN_GROUPS.contains(r.group()))) {
      object.remove("status");
    } else if (r.resource().equals("pods")) {
      // core/pod/strategy.go PrepareForCreate: Status = {Phase: Pending}.
      object.putObject("status").put("phase", "Pending");
    } else if (r.resource().equals("namespaces")) {
      object.putObject("status").put("phase", "Active");
    }
  }

  /** The stored object the request addresses (its main resource), or null. */
  JsonNode stored(ApiRequest r) {
    String path = r.path();
    if (r.subresource() != null) {
      path = path.substring(0, path.length() - r.subresource().length() - 1);
    }
    return storedAt(path);
  }

  JsonNode storedAt(String path) {
    MockResponse found = super.handleGet(path);
    if (found.code() != 200) {
      return null;
    }
    try {
      return ApiStatus.JSON.readTree(body(found));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored object is not JSON: " + path, e);
    }
  }

  static String body(MockResponse response) {
    Buffer buffer = response.getBody();
    return buffer == null ? "" : new String(buffer.getBytes(), StandardCharsets.UTF_8);
  }
}
