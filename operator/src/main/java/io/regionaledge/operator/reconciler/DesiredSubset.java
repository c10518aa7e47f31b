package io.regionaledge.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the object the API server holds already is what we want: every field we set has the same
 * value there; fields only the server has (its defaults, allocated IPs, what other actors added) do
 * not count. Replaces JOSDK's non-SSA matcher, which diffs with zjsonpatch's default flags and so
 * turns a default that happens to equal another value into a "copy" op and never matches (see
 * docs/kubernetes-pitfalls.md). Quantities compare by value, so "0.5" matches the "500m" the server
 * stores. Lists compare element by element: the server does not reorder them.
 */
final class DesiredSubset {
  /** Top-level fields that are not ours to compare: the server's bookkeeping and status. */
  private static final Set<String> SKIPPED = Set.of("apiVersion", "kind", "metadata", "status");

  private static final Set<String> QUANTITY_MAPS = Set.of("limits", "requests");

  private DesiredSubset() {}

  static boolean matches(HasMetadata desired, HasMetadata actual) {
    return firstDifference(desired, actual).isEmpty();
  }

  /** The path of the first field where actual differs from desired, for the log. */
  static Optional<String> firstDifference(HasMetadata desired, HasMetadata actual) {
    JsonNode want = Serialization.jsonMapper().valueToTree(desired);
    JsonNode have = Serialization.jsonMapper().valueToTree(actual);
    for (String field : new String[] {"labels", "annotations"}) {
      Optional<String> d =
          differs(
              want.path("metadata").path(field),
              have.path("metadata").path(field),
              "/metadata/" + field,
              false);
      if (d.isPresent()) {
        return d;
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (SKIPPED.contains(e.getKey())) {
        continue;
      }
      Optional<String> d = differs(e.getValue(), have.path(e.getKey()), "/" + e.getKey(), false);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> differs(
      JsonNode want, JsonNode have, String path, boolean quantity) {
    if (want == null || want.isNull() || want.isMissingNode()) {
      return Optional.empty();
    }
    if (want.isObject()) {
      if (want.isEmpty() && (have.isMissingNode() || have.isNull())) {
        return Optional.empty();
      }
      if (!have.isObject()) {
        return Optional.of(path);
      }
      boolean quantities = QUANTITY_MAPS.contains(path.substring(path.lastIndexOf('/') + 1));
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Optional<String> d =
            differs(
                e.getValue(),
                have.path(e.getKey()),
                path + "/" + e.getKey(),
                quantities || e.getKey().equals("sizeLimit"));
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (want.isArray()) {
      if (want.isEmpty() && (have.isMissingNode() || have.isNull())) {
        return Optional.empty();
      }
      if (!have.isArray() || have.size() != want.size()) {
        return Optional.of(path);
      }
      for (int i = 0; i < want.size(); i++) {
        Optional<String> d = differs(want.get(i), have.get(i), path + "/" + i, false);
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (want.isNumber() && have.isNumber()) {
      return want.decimalValue().compareTo(have.decimalValue()) == 0
          ? Optional.empty()
          : Optional.of(path);
    }
    if (quantity && want.isTextual() && have.isTextual()) {
      return sameQuantity(want.asText(), have.asText()) ? Optional.empty() : Optional.of(path);
    }
    return want.equals(have) ? Optional.empty() : Optional.of(path);
  }

  private static boolean sameQuantity(String a, String b) {
    try {
      return Quantity.getAmountInBytes(new Quantity(a))
              .compareTo(Quantity.getAmountInBytes(new Quantity(b)))
          == 0;
    } catch (IllegalArgumentException e) {
      return a.equals(b);
    }
  }
}
