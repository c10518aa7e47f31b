package io.regionaledge.testkit.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RBAC authorizer over the Roles, ClusterRoles and bindings of a manifest
 * (deploy/base/rbac.yaml), plus the bootstrap roles every authenticated user has. Rule matching
 * follows kubernetes pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches, APIGroupMatches,
 * ResourceMatches with "*" and "*&#47;subresource", ResourceNameMatches, NonResourceURLMatches with
 * a trailing "*").
 */
public final class RbacAuthorizer {
  /** A user the authorizer knows: a ServiceAccount is "system:serviceaccount:<ns>:<name>". */
  public record User(String name) {
    public static User serviceAccount(String namespace, String name) {
      return new User("system:serviceaccount:" + namespace + ":" + name);
    }

    boolean isServiceAccount(String namespace, String sa) {
      return name.equals("system:serviceaccount:" + namespace + ":" + sa);
    }
  }

  /** Rules granted in one namespace (null: cluster-wide). */
  private record Grant(String namespace, List<PolicyRule> rules) {}

  /**
   * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go: system:basic-user (self reviews) and
   * system:discovery / system:public-info-viewer, bound to system:authenticated.
   */
  private static final List<PolicyRule> BOOTSTRAP =
      List.of(
          new PolicyRuleBuilder()
              .withApiGroups("authorization.k8s.io")
              .withResources("selfsubjectaccessreviews", "selfsubjectrulesreviews")
              .withVerbs("create")
              .build(),
          new PolicyRuleBuilder()
              .withNonResourceURLs(
                  "/api",
                  "/api/*",
                  "/apis",
                  "/apis/*",
                  "/healthz",
                  "/livez",
                  "/readyz",
                  "/openapi",
                  "/openapi/*",
                  "/version",
                  "/version/")
              .withVerbs("get")
              .build());

  private final Map<String, List<PolicyRule>> clusterRoles = new HashMap<>();
  private final Map<String, List<PolicyRule>> roles = new HashMap<>();
  private final List<ClusterRoleBinding> clusterBindings = new ArrayList<>();
  private final List<RoleBinding> bindings = new ArrayList<>();

  /** No roles at all: only the cluster admin (the test's own client) gets anything done. */
  public static RbacAuthorizer none() {
    return new RbacAuthorizer();
  }

  public static RbacAuthorizer fromManifest(Path manifest) {
    try (InputStream in = Files.newInputStream(manifest)) {
      return fromManifest(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RbacAuthorizer fromManifest(InputStream manifest) {
    RbacAuthorizer authorizer = new RbacAuthorizer();
    Object parsed = Serialization.unmarshal(manifest);
    List<HasMetadata> items =
        parsed == null
            ? List.of()
            : parsed instanceof KubernetesList list
                ? list.getItems()
                : parsed instanceof List<?> l
                    ? l.stream().map(HasMetadata.class::cast).toList()
                    : List.of((HasMetadata) parsed);
    for (HasMetadata item : items) {
      if (item instanceof ClusterRole role) {
        authorizer.clusterRoles.put(role.getMetadata().getName(), role.getRules());
      } else if (item instanceof Role role) {
        authorizer.roles.put(
            role.getMetadata().getNamespace() + "/" + role.getMetadata().getName(),
            role.getRules());
      } else if (item instanceof ClusterRoleBinding binding) {
        authorizer.clusterBindings.add(binding);
      } else if (item instanceof RoleBinding binding) {
        authorizer.bindings.add(binding);
      }
    }
    return authorizer;
  }

  public boolean allows(User user, ApiRequest request) {
    for (Grant grant : grants(user)) {
      if (grant.namespace() != null && !grant.namespace().equals(request.namespace())) {
        continue;
      }
      for (PolicyRule rule : grant.rules()) {
        if (request.resourceRequest()
            ? resourceRuleAllows(rule, request)
            : nonResourceRuleAllows(rule, request)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * What a SelfSubjectRulesReview in {@code namespace} answers: cluster-wide rules plus that
   * namespace's.
   */
  public List<PolicyRule> rulesFor(User user, String namespace) {
    List<PolicyRule> rules = new ArrayList<>();
    for (Grant grant : grants(user)) {
      if (grant.namespace() == null || grant.namespace().equals(namespace)) {
        rules.addAll(grant.rules());
      }
    }
    return rules;
  }

  private List<Grant> grants(User user) {
    List<Grant> grants = new ArrayList<>();
    grants.add(new Grant(null, BOOTSTRAP));
    for (ClusterRoleBinding binding : clusterBindings) {
      if (bound(binding.getSubjects(), user, null)) {
        grants.add(new Grant(null, referenced(binding.getRoleRef(), null)));
      }
    }
    for (RoleBinding binding : bindings) {
      String ns = binding.getMetadata().getNamespace();
      if (bound(binding.getSubjects(), user, ns)) {
        // A RoleBinding grants its Role or ClusterRole only in its own namespace.
        grants.add(new Grant(ns, referenced(binding.getRoleRef(), ns)));
      }
    }
    return grants;
  }

  private List<PolicyRule> referenced(RoleRef ref, String namespace) {
    List<PolicyRule> rules =
        "ClusterRole".equals(ref.getKind())
            ? clusterRoles.get(ref.getName())
            : roles.get(namespace + "/" + ref.getName());
    return rules == null ? List.of() : rules;
  }

  private static boolean bound(List<Subject> subjects, User user, String bindingNamespace) {
    if (subjects == null) {
      return false;
    }
    for (Subject s : subjects) {
      if ("ServiceAccount".equals(s.getKind())) {
        // pkg/registry/rbac/validation/rule.go appliesToUser: a ServiceAccount subject without a
        // namespace takes the binding's.
        String ns =
            s.getNamespace() == null || s.getNamespace().isEmpty()
                ? bindingNamespace
                : s.getNamespace();
        if (user.isServiceAccount(ns, s.getName())) {
          return true;
        }
      } else if ("User".equals(s.getKind()) && user.name().equals(s.getName())) {
        return true;
      } else if ("Group".equals(s.getKind()) && "system:authenticated".equals(s.getName())) {
        return true;
      }
    }
    return false;
  }

  private static boolean resourceRuleAllows(PolicyRule rule, ApiRequest request) {
    return has(rule.getVerbs(), request.verb())
        && has(rule.getApiGroups(), request.group())
        && resourceMatches(rule.getResources(), request.resource(), request.subresource())
        && (rule.getResourceNames() == null
            || rule.getResourceNames().isEmpty()
            || (request.name() != null && rule.getResourceNames().contains(request.name())));
  }

  private static boolean resourceMatches(
      List<String> granted, String resource, String subresource) {
    if (granted == null) {
      return false;
    }
    String combined = subresource == null ? resource : resource + "/" + subresource;
    for (String g : granted) {
      if (g.equals("*")
          || g.equals(combined)
          || (subresource != null && g.equals("*/" + subresource))) {
        return true;
      }
    }
    return false;
  }

  private static boolean nonResourceRuleAllows(PolicyRule rule, ApiRequest request) {
    if (!has(rule.getVerbs(), request.verb()) || rule.getNonResourceURLs() == null) {
      return false;
    }
    for (String url : rule.getNonResourceURLs()) {
      if (url.equals("*")
          || url.equals(request.path())
          || (url.endsWith("*") && request.path().startsWith(url.substring(0, url.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean has(List<String> granted, String wanted) {
    return granted != null && (granted.contains("*") || granted.contains(wanted));
  }
}
