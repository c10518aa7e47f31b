package io.regionaledge.testkit.route53;

import java.util.Set;
import java.util.TreeSet;

/** CreateHealthCheck's and UpdateHealthCheck's checks on the settings, with their sources. */
final class HealthCheckRules {
  private static final Set<String> TYPES =
      Set.of("HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP");

  /** botocore FullyQualifiedDomainName, SearchString and ResourcePath: max length 255. */
  static final int MAX_LENGTH = 255;

  private HealthCheckRules() {}

  /** The settings with Route53's port default filled in, or InvalidInput naming the problem. */
  static HealthCheckConfig validate(HealthCheckConfig c, AddressRanges addresses) {
    if (c == null)
      throw ApiException.invalidInput("Invalid parameter: HealthCheckConfig is required");
    if (c.type() == null || !TYPES.contains(c.type())) {
      throw ApiException.invalidInput(
          "Invalid parameter: Type must be one of "
              + new TreeSet<>(TYPES)
              + " in the simulator, not "
              + c.type());
    }
    if (c.ipAddress() == null && c.fullyQualifiedDomainName() == null) {
      throw ApiException.invalidInput(
          "Invalid parameter: either IPAddress or FullyQualifiedDomainName is required");
    }
    if (c.ipAddress() != null
        && !RecordRules.isIpv4(c.ipAddress())
        && !RecordRules.isIpv6(c.ipAddress())) {
      throw ApiException.invalidInput(
          "Invalid parameter: IPAddress '" + c.ipAddress() + "' is not a valid IP address");
    }
    // botocore HealthCheckConfig.IPAddress: Route 53 can't check local, private, non-routable or
    // multicast ranges (RFC 5735, RFC 6598, RFC 5156)
    if (c.ipAddress() != null && addresses.refused(c.ipAddress())) {
      throw ApiException.invalidInput(
          "Invalid parameter: IPAddress "
              + c.ipAddress()
              + " is in a local, private, "
              + "non-routable, or multicast range (RFC 5735, RFC 6598, RFC 5156); Route 53 can't check it");
    }
    if (c.port() != null && (c.port() < 1 || c.port() > 65535)) {
      throw ApiException.invalidInput("Invalid parameter: Port must be between 1 and 65535");
    }
    if (c.requestInterval() != 10 && c.requestInterval() != 30) {
      throw ApiException.invalidInput("Invalid parameter: RequestInterval must be 10 or 30");
    }
    if (c.failureThreshold() < 1 || c.failureThreshold() > 10) {
      throw ApiException.invalidInput(
          "Invalid parameter: FailureThreshold must be between 1 and 10");
    }
    if (c.type().endsWith("STR_MATCH")
        && (c.searchString() == null || c.searchString().isEmpty())) {
      throw ApiException.invalidInput(
          "Invalid parameter: SearchString is required for " + c.type());
    }
    tooLong("healthCheckConfig.resourcePath", c.resourcePath());
    tooLong("healthCheckConfig.fullyQualifiedDomainName", c.fullyQualifiedDomainName());
    tooLong("healthCheckConfig.searchString", c.searchString());
    return c.port() == null && !c.type().equals("TCP") ? c.withPort(c.effectivePort()) : c;
  }

  /** AWS's request-validation wording for a string over the model's maximum length. */
  private static void tooLong(String field, String value) {
    if (value != null && value.length() > MAX_LENGTH) {
      throw ApiException.invalidInput(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + field
              + "' failed to satisfy constraint: Member must have length less than or equal to "
              + MAX_LENGTH);
    }
  }
}
