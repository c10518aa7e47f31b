package io.regionaledge.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

// No CEL rule for duplicate regions: spec.regions is a list-map keyed by name (crd.SchemaRules),
// so the API server refuses a second entry with the same name itself, at no CEL cost.
public class RegionalEdgeSpec {
  /** Lower-case DNS name, at least two labels, no trailing dot. */
  public static final String DNS_NAME =
      "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

  @Required
  @Pattern(DNS_NAME)
  @Size(max = 200)
  @JsonPropertyDescription(
      "Public hostname users request, e.g. fast.example.com. Its certificate is in tlsSecretName.")
  private String hostname;

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  @Size(max = 253) // a Secret name: DNS-1123 subdomain
  @JsonPropertyDescription(
      "Secret of type kubernetes.io/tls in this namespace holding the certificate for hostname.")
  private String tlsSecretName;

  @Required
  @JsonPropertyDescription("Route53 hosted zone, TTL and health-check settings.")
  private DnsSpec dns = new DnsSpec();

  @Required
  @Size(min = 1, max = 32)
  @JsonPropertyDescription(
      "The regions serving hostname. Each cluster's operator acts only on its own region's entry.")
  private List<RegionSpec> regions = new ArrayList<>();

  @JsonPropertyDescription("How each proxy instance is reached from the internet.")
  private ExposureSpec exposure = new ExposureSpec();

  @JsonPropertyDescription("Proxy image, resources, timeouts and limits.")
  private ProxySpec proxy = new ProxySpec();

  public String getHostname() {
    return hostname;
  }

  public void setHostname(String hostname) {
    this.hostname = hostname;
  }

  public String getTlsSecretName() {
    return tlsSecretName;
  }

  public void setTlsSecretName(String tlsSecretName) {
    this.tlsSecretName = tlsSecretName;
  }

  public DnsSpec getDns() {
    return dns;
  }

  public void setDns(DnsSpec dns) {
    this.dns = dns;
  }

  public List<RegionSpec> getRegions() {
    return regions;
  }

  public void setRegions(List<RegionSpec> regions) {
    this.regions = regions;
  }

  public ExposureSpec getExposure() {
    return exposure;
  }

  public void setExposure(ExposureSpec exposure) {
    this.exposure = exposure;
  }

  public ProxySpec getProxy() {
    return proxy;
  }

  public void setProxy(ProxySpec proxy) {
    this.proxy = proxy;
  }
}
