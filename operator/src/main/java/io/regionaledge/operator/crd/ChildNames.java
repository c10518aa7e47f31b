package io.regionaledge.operator.crd;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.reconciler.ProxyLabels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether the API server will accept the names and labels of the proxy tier the operator builds for
 * a RegionalEdge. The CRD refuses such names at admission ({@link #NAME_RULES}); this check is for
 * what the CRD cannot see (a CRD installed before the rules, or a change to the name patterns) so
 * the reconciler can report a condition instead of a 422 from a create.
 *
 * <p>Every object of the tier (ConfigMap, Deployment, Service, PodDisruptionBudget) is named {@code
 * <edge>-proxy} ({@link ProxyLabels#metadata}); the Service is the strictest: a DNS-1035 label of
 * at most 63 characters (kubernetes pkg/apis/core/validation ValidateServiceName =
 * NameIsDNS1035Label). The edge name is also a label value, at most 63. The Deployment's
 * ReplicaSets and Pods append a hash and a suffix but those are DNS-1123 subdomains (253), and
 * event names {@code <edge>.<16 hex>} likewise, so the Service name decides: 63 - len("-proxy") =
 * 57.
 */
public final class ChildNames {
  /** k8s.io/apimachinery pkg/util/validation/validation.go DNS1035LabelMaxLength. */
  public static final int DNS1035_LABEL_MAX = 63;

  /** validation.go LabelValueMaxLength. */
  public static final int LABEL_VALUE_MAX = 63;

  /** validation.go DNS1123SubdomainMaxLength. */
  public static final int DNS1123_SUBDOMAIN_MAX = 253;

  /** What {@link ProxyLabels#proxyName} appends (ChildNamesTest keeps the two in step). */
  public static final String PROXY_SUFFIX = "-proxy";

  /** The longest RegionalEdge name whose Service name is a DNS-1035 label. */
  public static final int MAX_EDGE_NAME = DNS1035_LABEL_MAX - PROXY_SUFFIX.length();

  /** validation.go dns1035LabelFmt. */
  static final String DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";

  /** validation.go dns1123LabelFmt and dns1123SubdomainFmt. */
  static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  static final Pattern DNS1035 = Pattern.compile(DNS1035_LABEL);
  static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile(DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*");

  /**
   * validation.go labelValueFmt: (qualifiedNameFmt)? with [A-Za-z0-9] ends and [-A-Za-z0-9_.]
   * inside.
   */
  static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  /**
   * The x-kubernetes-validations put at the root of the CRD. A name of at most 57 characters that
   * is a DNS-1035 label gives a DNS-1035 Service name (it ends in "-proxy") and a valid label
   * value. Cost (CelCostTest): the size rule 5, the regex rule 2,202,014 because metadata.name is
   * an unbounded string to the estimator (ceil(3,145,727 x 0.1) x ceil(28 x 0.25) + 3); both well
   * under the 10M per-rule limit.
   */
  public static final List<NameRule> NAME_RULES =
      List.of(
          new NameRule(
              "self.metadata.name.size() <= " + MAX_EDGE_NAME,
              "metadata.name may have at most "
                  + MAX_EDGE_NAME
                  + " characters: the proxy Service <name>"
                  + PROXY_SUFFIX
                  + " must be a DNS-1035 label of at most "
                  + DNS1035_LABEL_MAX),
          new NameRule(
              "self.metadata.name.matches('^" + DNS1035_LABEL + "$')",
              "metadata.name must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter,"
                  + " no dots): the proxy Service is named after it"));

  /** One root x-kubernetes-validations entry. */
  public record NameRule(String rule, String message) {}

  private ChildNames() {}

  /** Why the API server would refuse an object of this edge's proxy tier in region, if it would. */
  public static Optional<String> problem(RegionalEdge edge, String region) {
    String edgeName = edge.getMetadata().getName();
    ObjectMeta child = ProxyLabels.metadata(edge, region);
    String name = child.getName();
    if (name.length() > DNS1035_LABEL_MAX || !DNS1035.matcher(name).matches()) {
      return Optional.of(
          "RegionalEdge name "
              + edgeName
              + " gives the proxy Service name "
              + name
              + ", which is not a DNS-1035 label of at most "
              + DNS1035_LABEL_MAX
              + " characters (lower-case"
              + " letters, digits and '-', starting with a letter): use a name of at most "
              + MAX_EDGE_NAME
              + " such characters");
    }
    if (name.length() > DNS1123_SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      return Optional.of("the proxy object name " + name + " is not a DNS-1123 subdomain");
    }
    for (Map.Entry<String, String> label : child.getLabels().entrySet()) {
      String value = label.getValue();
      if (value.length() > LABEL_VALUE_MAX || !LABEL_VALUE.matcher(value).matches()) {
        return Optional.of(
            "label "
                + label.getKey()
                + "="
                + value
                + " of the proxy tier is not a valid label value"
                + " (at most "
                + LABEL_VALUE_MAX
                + " characters, alphanumeric at both ends)");
      }
    }
    return Optional.empty();
  }
}
