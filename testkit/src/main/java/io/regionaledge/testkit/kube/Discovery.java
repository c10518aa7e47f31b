package io.regionaledge.testkit.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy discovery documents a client builds its REST mapping from (k8s.io/apimachinery
 * pkg/apis/meta/v1 APIVersions, APIGroupList, APIResourceList; served by apiserver
 * pkg/endpoints/discovery), for the built-in resources the operator and the tests use plus every
 * stored CRD; /version; and SelfSubjectRulesReview answered from the RBAC manifest
 * (pkg/registry/authorization/selfsubjectrulesreview/rest.go).
 */
final class Discovery {
  private record Resource(
      String name,
      String singular,
      String kind,
      boolean namespaced,
      boolean status,
      List<String> shortNames) {}

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** group/version -> resources, in the order kubectl prints them. */
  private static final Map<String, List<Resource>> BUILTIN = new LinkedHashMap<>();

  static {
    BUILTIN.put(
        "v1",
        List.of(
            new Resource("configmaps", "configmap", "ConfigMap", true, false, List.of("cm")),
            new Resource("events", "event", "Event", true, false, List.of("ev")),
            new Resource("namespaces", "namespace", "Namespace", false, true, List.of("ns")),
            new Resource("nodes", "node", "Node", false, true, List.of("no")),
            new Resource("pods", "pod", "Pod", true, true, List.of("po")),
            new Resource("secrets", "secret", "Secret", true, false, List.of()),
            new Resource(
                "serviceaccounts", "serviceaccount", "ServiceAccount", true, false, List.of("sa")),
            new Resource("services", "service", "Service", true, true, List.of("svc"))));
    BUILTIN.put(
        "apps/v1",
        List.of(
            new Resource("deployments", "deployment", "Deployment", true, true, List.of("deploy")),
            new Resource("replicasets", "replicaset", "ReplicaSet", true, true, List.of("rs"))));
    BUILTIN.put(
        "policy/v1",
        List.of(
            new Resource(
                "poddisruptionbudgets",
                "poddisruptionbudget",
                "PodDisruptionBudget",
                true,
                true,
                List.of("pdb"))));
    BUILTIN.put(
        "coordination.k8s.io/v1",
        List.of(new Resource("leases", "lease", "Lease", true, false, List.of())));
    BUILTIN.put(
        "apiextensions.k8s.io/v1",
        List.of(
            new Resource(
                "customresourcedefinitions",
                "customresourcedefinition",
                "CustomResourceDefinition",
                false,
                true,
                List.of("crd", "crds"))));
    BUILTIN.put(
        "authorization.k8s.io/v1",
        List.of(
            new Resource(
                "selfsubjectrulesreviews",
                "selfsubjectrulesreview",
                "SelfSubjectRulesReview",
                false,
                false,
                List.of())));
  }

  private final StrictApiDispatcher server;

  Discovery(StrictApiDispatcher server) {
    this.server = server;
  }

  /** A discovery answer, or null when the path is not discovery. */
  MockResponse serve(ApiRequest r) {
    if (!r.method().equals("GET")) {
      return null;
    }
    ObjectNode doc = ApiStatus.JSON.createObjectNode();
    switch (r.path()) {
      case "/version" -> {
        doc.put("major", "1")
            .put("minor", "31")
            .put("gitVersion", "v1.31.0-regionaledge-strict-mock")
            .put("platform", "linux/amd64");
        return ApiStatus.json(200, doc.toString());
      }
      case "/api" -> {
        doc.put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        doc.putArray("serverAddressByClientCIDRs")
            .addObject()
            .put("clientCIDR", "0.0.0.0/0")
            .put("serverAddress", "127.0.0.1");
        return ApiStatus.json(200, doc.toString());
      }
      case "/apis" -> {
        doc.put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        for (Map.Entry<String, List<Resource>> e : groupVersions().entrySet()) {
          if (!e.getKey().contains("/")) {
            continue;
          }
          String group = e.getKey().substring(0, e.getKey().indexOf('/'));
          ObjectNode g = groups.addObject().put("name", group);
          ObjectNode version =
              ApiStatus.JSON
                  .createObjectNode()
                  .put("groupVersion", e.getKey())
                  .put("version", e.getKey().substring(group.length() + 1));
          g.putArray("versions").add(version);
          g.set("preferredVersion", version);
        }
        return ApiStatus.json(200, doc.toString());
      }
      default -> {
        String groupVersion =
            r.path().startsWith("/api/")
                ? r.path().substring(5)
                : r.path().startsWith("/apis/") ? r.path().substring(6) : null;
        List<Resource> resources = groupVersion == null ? null : groupVersions().get(groupVersion);
        if (resources == null) {
          return null;
        }
        doc.put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", groupVersion);
        ArrayNode list = doc.putArray("resources");
        for (Resource res : resources) {
          ObjectNode o =
              list.addObject()
                  .put("name", res.name())
                  .put("singularName", res.singular())
                  .put("namespaced", res.namespaced())
                  .put("kind", res.kind());
          ArrayNode verbs = o.putArray("verbs");
          (res.kind().startsWith("SelfSubject") ? List.of("create") : VERBS).forEach(verbs::add);
          if (!res.shortNames().isEmpty()) {
            ArrayNode shorts = o.putArray("shortNames");
            res.shortNames().forEach(shorts::add);
          }
          if (res.status()) {
            ObjectNode s =
                list.addObject()
                    .put("name", res.name() + "/status")
                    .put("singularName", "")
                    .put("namespaced", res.namespaced())
                    .put("kind", res.kind());
            s.putArray("verbs").add("get").add("patch").add("update");
          }
        }
        return ApiStatus.json(200, doc.toString());
      }
    }
  }

  private Map<String, List<Resource>> groupVersions() {
    Map<String, List<Resource>> all = new LinkedHashMap<>(BUILTIN);
    JsonNode crds = server.storedAt("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    if (crds != null) {
      for (JsonNode crd : crds.path("items")) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        List<String> shorts = new java.util.ArrayList<>();
        names.path("shortNames").forEach(n -> shorts.add(n.asText()));
        for (JsonNode version : spec.path("versions")) {
          if (!version.path("served").asBoolean(true)) {
            continue;
          }
          String gv = spec.path("group").asText() + "/" + version.path("name").asText();
          all.computeIfAbsent(gv, k -> new java.util.ArrayList<>());
          List<Resource> list = new java.util.ArrayList<>(all.get(gv));
          list.add(
              new Resource(
                  names.path("plural").asText(),
                  names.path("singular").asText(),
                  names.path("kind").asText(),
                  "Namespaced".equals(spec.path("scope").asText()),
                  version.path("subresources").has("status"),
                  shorts));
          all.put(gv, list);
        }
      }
    }
    return all;
  }

  MockResponse rulesReview(String body, String user, RbacAuthorizer rbac) {
    String namespace;
    try {
      namespace =
          ApiStatus.JSON
              .readTree(body == null || body.isEmpty() ? "{}" : body)
              .path("spec")
              .path("namespace")
              .asText("");
    } catch (JsonProcessingException e) {
      return ApiStatus.of(400, "BadRequest", e.getOriginalMessage(), null);
    }
    ObjectNode review = ApiStatus.JSON.createObjectNode();
    review.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SelfSubjectRulesReview");
    review.putObject("spec").put("namespace", namespace);
    ObjectNode status = review.putObject("status");
    status.put("incomplete", false);
    ArrayNode resourceRules = status.putArray("resourceRules");
    ArrayNode nonResource = status.putArray("nonResourceRules");
    List<PolicyRule> rules =
        user.equals(StrictApiDispatcher.ADMIN)
            ? List.of(
                new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
                    .withApiGroups("*")
                    .withResources("*")
                    .withVerbs("*")
                    .build())
            : rbac.rulesFor(new RbacAuthorizer.User(user), namespace);
    for (PolicyRule rule : rules) {
      JsonNode node = ApiStatus.JSON.valueToTree(rule);
      if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
        nonResource.add(node);
      } else {
        resourceRules.add(node);
      }
    }
    return ApiStatus.json(201, review.toString());
  }
}
