package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.crd.ChildNames;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the schema cannot reject but the reconciler must: the TLS Secret and, for API servers
 * without CEL validation, duplicate regions. Reported as a condition, never thrown.
 */
public record SpecProblem(String reason, String message) {
  public static final String TLS_TYPE = "kubernetes.io/tls";

  /**
   * @param secrets the namespace's TLS Secrets by name (an informer's cache), null when absent
   */
  public static Optional<SpecProblem> find(
      RegionalEdge edge, String thisRegion, Function<String, Secret> secrets) {
    // The CRD refuses such names at admission; an older CRD or a server without CEL does not.
    Optional<String> badName = ChildNames.problem(edge, thisRegion);
    if (badName.isPresent()) {
      return Optional.of(new SpecProblem("InvalidName", badName.get()));
    }
    Set<String> seen = new HashSet<>();
    for (RegionSpec region : edge.getSpec().getRegions()) {
      if (!seen.add(region.getName())) {
        return Optional.of(
            new SpecProblem(
                "DuplicateRegion",
                "region " + region.getName() + " is listed more than once in spec.regions"));
      }
    }
    String secretName = edge.getSpec().getTlsSecretName();
    Secret secret = secrets.apply(secretName);
    return checkSecret(secretName, secret);
  }

  static Optional<SpecProblem> checkSecret(String name, Secret secret) {
    if (secret == null) {
      return Optional.of(
          new SpecProblem(
              "TlsSecretMissing",
              "Secret "
                  + name
                  + " of type "
                  + TLS_TYPE
                  + " not found in this namespace (the operator lists only"
                  + " Secrets of that type: create it with kubectl create secret tls)"));
    }
    if (!TLS_TYPE.equals(secret.getType())) {
      return Optional.of(
          new SpecProblem(
              "TlsSecretWrongType",
              "Secret " + name + " has type " + secret.getType() + ", expected " + TLS_TYPE));
    }
    Map<String, String> data = secret.getData();
    if (data == null || isBlank(data.get("tls.crt")) || isBlank(data.get("tls.key"))) {
      return Optional.of(
          new SpecProblem("TlsSecretIncomplete", "Secret " + name + " lacks tls.crt or tls.key"));
    }
    return Optional.empty();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
