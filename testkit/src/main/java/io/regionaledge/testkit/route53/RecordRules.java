package io.regionaledge.testkit.route53;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Route53's checks on a single record set in a change, with its messages. */
final class RecordRules {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");

  private RecordRules() {}

  static boolean isIpv4(String s) {
    return s != null && IPV4.matcher(s).matches();
  }

  static boolean isIpv6(String s) {
    if (s == null || !s.contains(":") || !s.matches("[0-9a-fA-F:.]+")) return false;
    try {
      return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /**
   * The request's shape, checked before any change is applied and answered {@code InvalidInput}
   * with "Invalid request: ..." (not InvalidChangeBatch): TTL on an alias or neither alias nor
   * TTL+values (ansible community.aws#545, modernisation-platform#10072), SetIdentifier without a
   * routing policy (terraform-provider-aws#1668), and the field ranges of botocore's
   * ResourceRecordSet shape. Returns the first problem, or null.
   */
  static String shape(String action, RecordSet r) {
    String where =
        "Change with [Action="
            + action
            + ", Name="
            + r.name()
            + ", Type="
            + r.type()
            + ", SetIdentifier="
            + r.setIdentifier()
            + "]";
    boolean hasValues = r.ttl() != null || !r.values().isEmpty();
    if (r.isAlias() == hasValues || (!r.isAlias() && (r.ttl() == null || r.values().isEmpty()))) {
      return "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or "
          + "TrafficPolicyInstanceId], but found "
          + (r.isAlias() && hasValues ? "more than one" : "none")
          + " in "
          + where;
    }
    // botocore ResourceRecordSet.SetIdentifier (ResourceRecordSetIdentifier): 1 to 128 characters
    if (r.setIdentifier() != null
        && (r.setIdentifier().isEmpty() || r.setIdentifier().length() > 128)) {
      return "1 validation error detected: Value '"
          + r.setIdentifier()
          + "' at 'changeBatch.changes.member."
          + "resourceRecordSet.setIdentifier' failed to satisfy constraint: Member must have length "
          + (r.setIdentifier().isEmpty()
              ? "greater than or equal to 1"
              : "less than or equal to 128");
    }
    if (r.weight() != null && r.region() != null) {
      return "Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, or "
          + "MultiValueAnswer], but found more than one in "
          + where;
    }
    boolean routed = r.weight() != null || r.region() != null;
    if (routed && r.setIdentifier() == null) {
      return "Invalid request: Missing field 'SetIdentifier' in " + where;
    }
    if (!routed && r.setIdentifier() != null) {
      return "Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, or "
          + "MultiValueAnswer], but found none in "
          + where;
    }
    if (r.weight() != null && (r.weight() < 0 || r.weight() > 255)) {
      return "Invalid request: Weight must be between 0 and 255 in " + where;
    }
    if (r.region() != null && !REGION.matcher(r.region()).matches()) {
      return "Invalid request: Region '" + r.region() + "' is not a valid AWS region in " + where;
    }
    if (r.ttl() != null && (r.ttl() < 0 || r.ttl() > 2147483647L)) {
      return "Invalid request: TTL must be between 0 and 2147483647 in " + where;
    }
    // "You can only specify one ResourceRecord per weighted / latency resource record set"
    // (botocore Weight, Region)
    if (routed && r.values().size() > 1) {
      return "Invalid request: a "
          + r.routing()
          + " resource record set can have only one ResourceRecord in "
          + where;
    }
    return null;
  }

  /** Problems with the record's name and values, reported inside InvalidChangeBatch. */
  static List<String> content(RecordSet r, HostedZone zone) {
    List<String> out = new ArrayList<>();
    if (!DnsNames.inZone(r.name(), zone.name())) {
      out.add("RRSet with DNS name " + r.name() + " is not permitted in zone " + zone.name());
      return out;
    }
    if (r.type().equals("CNAME") && r.name().equals(zone.name())) {
      out.add(
          "RRSet of type CNAME with DNS name "
              + r.name()
              + " is not permitted at apex in zone "
              + zone.name());
    }
    // Quotas (DNSLimitations): 400 values per record set; wording as Route53 gave it when the
    // quota was 100 ("Cannot have more than 100 records in a RRSet", rancher/rancher#10253)
    if (r.values().size() > AccountLimits.MAX_VALUES_PER_RECORD) {
      out.add(
          "Cannot have more than " + AccountLimits.MAX_VALUES_PER_RECORD + " records in a RRSet");
    }
    if (!r.isAlias()) checkValues(r, out);
    return out;
  }

  private static void checkValues(RecordSet r, List<String> out) {
    if (r.type().equals("CNAME") && r.values().size() > 1) {
      out.add(
          "Invalid Resource Record: FATAL problem: RRSetWithMultipleCNAMEs encountered at "
              + r.name());
    }
    for (String v : r.values()) {
      String problem =
          switch (r.type()) {
            case "A" ->
                isIpv4(v) ? null : "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address)";
            case "AAAA" ->
                isIpv6(v)
                    ? null
                    : "AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address)";
            case "TXT" -> txtProblem(v);
            case "CNAME" ->
                v.isBlank() || v.contains(" ") ? "DomainLabelEmpty (Domain label is empty)" : null;
            default -> null;
          };
      if (problem != null) {
        out.add(
            "Invalid Resource Record: 'FATAL problem: "
                + problem
                + " encountered with '"
                + v
                + "''");
      }
    }
  }

  /** A TXT value is one or more quoted strings of at most 255 characters each. */
  private static String txtProblem(String v) {
    if (v.length() < 2 || !v.startsWith("\"") || !v.endsWith("\"")) {
      return "InvalidCharacterString (Value should be enclosed in quotation marks)";
    }
    int i = 0;
    while (i < v.length()) {
      if (v.charAt(i) == ' ') {
        i++;
        continue;
      }
      if (v.charAt(i) != '"')
        return "InvalidCharacterString (Value should be enclosed in quotation marks)";
      int len = 0;
      i++;
      while (i < v.length() && v.charAt(i) != '"') {
        i += v.charAt(i) == '\\' ? 2 : 1;
        len++;
      }
      if (i >= v.length())
        return "InvalidCharacterString (Value should be enclosed in quotation marks)";
      if (len > 255) return "CharacterStringTooLong (Value is too long)";
      i++;
    }
    return null;
  }

  /** Route53 matches a DELETE against the stored record field by field, values in any order. */
  static boolean sameContent(RecordSet a, RecordSet b) {
    return a.key().equals(b.key())
        && java.util.Objects.equals(a.weight(), b.weight())
        && java.util.Objects.equals(a.region(), b.region())
        && java.util.Objects.equals(a.ttl(), b.ttl())
        && new java.util.HashSet<>(a.values()).equals(new java.util.HashSet<>(b.values()))
        && a.values().size() == b.values().size()
        && java.util.Objects.equals(a.alias(), b.alias())
        && java.util.Objects.equals(a.healthCheckId(), b.healthCheckId());
  }
}
