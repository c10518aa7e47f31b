package io.regionaledge.testkit.kube;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API server's request-info resolver makes of a request: verb, API group, resource,
 * subresource, namespace and name. Mirrors k8s.io/apiserver pkg/endpoints/request/requestinfo.go
 * (RequestInfoFactory.NewRequestInfo): GET on a collection is "list", with watch=true "watch",
 * DELETE on a collection "deletecollection", everything outside /api and /apis non-resource.
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> query,
    boolean resourceRequest,
    String verb,
    String group,
    String version,
    String resource,
    String subresource,
    String namespace,
    String name) {

  public static ApiRequest parse(String method, String rawPath) {
    String path = rawPath;
    Map<String, String> query = new LinkedHashMap<>();
    int q = rawPath.indexOf('?');
    if (q >= 0) {
      path = rawPath.substring(0, q);
      for (String pair : rawPath.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(key, value);
      }
    }
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    String lower = method.toLowerCase();
    // requestinfo.go: only /api/<version>/... and /apis/<group>/<version>/... are resource
    // requests.
    boolean core = !parts.isEmpty() && parts.get(0).equals("api") && parts.size() >= 2;
    boolean grouped = !parts.isEmpty() && parts.get(0).equals("apis") && parts.size() >= 3;
    if (!core && !grouped) {
      return new ApiRequest(method, path, query, false, lower, null, null, null, null, null, null);
    }
    String group;
    String version;
    List<String> rest;
    if (parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      rest = parts.subList(2, parts.size());
    } else {
      group = parts.get(1);
      version = parts.get(2);
      rest = parts.subList(3, parts.size());
    }
    if (rest.isEmpty()) {
      // /api/v1 or /apis/g/v: discovery, a non-resource request.
      return new ApiRequest(
          method, path, query, false, lower, group, version, null, null, null, null);
    }
    String namespace = null;
    // requestinfo.go: "namespaces/<ns>/<resource>..." is namespaced; "namespaces/<ns>" alone is
    // the namespace object itself.
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : null;
    String subresource = rest.size() > 2 ? rest.get(2) : null;
    String verb =
        switch (method) {
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name == null ? "deletecollection" : "delete";
          case "GET", "HEAD" ->
              name != null
                  ? ("true".equals(query.get("watch")) ? "watch" : "get")
                  : ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))
                      ? "watch"
                      : "list");
          default -> lower;
        };
    return new ApiRequest(
        method, path, query, true, verb, group, version, resource, subresource, namespace, name);
  }

  /** "deployments" or "regionaledges/status", as RBAC rules name them. */
  public String resourceWithSubresource() {
    return subresource == null ? resource : resource + "/" + subresource;
  }

  public boolean isWrite() {
    return resourceRequest
        && (verb.equals("create")
            || verb.equals("update")
            || verb.equals("patch")
            || verb.equals("delete")
            || verb.equals("deletecollection"));
  }

  /** The kind-independent key of the object this request addresses (group/resource/ns/name). */
  public String objectKey() {
    return group + "/" + resource + "/" + (namespace == null ? "" : namespace) + "/" + name;
  }
}
