package io.regionaledge.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rules of the ClusterRole and Role in a manifest, and what an API request needs from them. */
public final class Rbac {
  /** What one request needs: API group ("" for core), resource (with "/subresource"), verb. */
  public record Access(String group, String resource, String verb) {}

  private final List<PolicyRule> rules;

  private Rbac(List<PolicyRule> rules) {
    this.rules = rules;
  }

  public static Rbac load(Path manifest) throws Exception {
    List<PolicyRule> rules = new ArrayList<>();
    try (InputStream in = Files.newInputStream(manifest)) {
      Object parsed = Serialization.unmarshal(in);
      List<HasMetadata> items = parsed instanceof KubernetesList list ? list.getItems()
          : parsed instanceof List<?> l ? l.stream().map(HasMetadata.class::cast).toList()
          : List.of((HasMetadata) parsed);
      for (HasMetadata item : items) {
        if (item instanceof ClusterRole role) {
          rules.addAll(role.getRules());
        } else if (item instanceof Role role) {
          rules.addAll(role.getRules());
        }
      }
    }
    return new Rbac(rules);
  }

  public boolean allows(Access access) {
    return rules.stream().anyMatch(r -> matches(r.getApiGroups(), access.group())
        && matches(r.getResources(), access.resource()) && matches(r.getVerbs(), access.verb()));
  }

  private static boolean matches(List<String> granted, String wanted) {
    return granted != null && (granted.contains(wanted) || granted.contains("*"));
  }

  /** Maps a request the way the API server's authorizer does (RequestInfo). */
  public static Access access(MockCluster.Call call) {
    String path = call.path();
    String query = "";
    int q = path.indexOf('?');
    if (q >= 0) {
      query = path.substring(q + 1);
      path = path.substring(0, q);
    }
    List<String> parts = new ArrayList<>(List.of(path.replaceAll("^/+", "").split("/")));
    String group;
    if (parts.get(0).equals("api")) {
      group = "";
      parts = parts.subList(2, parts.size());
    } else if (parts.get(0).equals("apis")) {
      group = parts.get(1);
      parts = parts.subList(3, parts.size());
    } else {
      return new Access("<non-resource>", path, call.method().toLowerCase());
    }
    if (parts.size() >= 2 && parts.get(0).equals("namespaces") && parts.size() > 2) {
      parts = parts.subList(2, parts.size());
    }
    String resource = parts.get(0);
    String name = parts.size() > 1 ? parts.get(1) : null;
    if (parts.size() > 2) {
      resource = resource + "/" + parts.get(2);
    }
    String verb = switch (call.method()) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name == null ? "deletecollection" : "delete";
      default -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
    };
    return new Access(group, resource, verb);
  }
}
