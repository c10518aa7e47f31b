package io.regionaledge.testkit.route53;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Validates a ChangeResourceRecordSets batch the way Route53 does and computes the zone it leaves:
 * the request's shape first ({@code InvalidInput}), then each change in order against the state the
 * changes before it left ({@code InvalidChangeBatch} listing every refused change). Route53
 * validates in order: an alias before its target fails (DNSControl#937), a CNAME created before the
 * A record at its name is deleted fails (roadworker#89), "a record can't be referenced before it's
 * UPSERTed" (octodns#366).
 */
final class ChangeBatch {
  static final int MAX_RECORDS_PER_BATCH = 1000;
  static final int MAX_CHARS_PER_BATCH = 32000;
  private static final Pattern UUID_FORM =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** The zone lookups a batch needs: alias targets and health checks. */
  interface Context {
    String aliasProblem(
        HostedZone z, java.util.NavigableMap<RecordSet.Key, RecordSet> work, RecordSet alias);

    boolean healthCheckExists(String id);
  }

  private ChangeBatch() {}

  /** The zone's records after the batch, or an ApiException; {@code current} is not modified. */
  static TreeMap<RecordSet.Key, RecordSet> apply(
      HostedZone z, TreeMap<RecordSet.Key, RecordSet> current, List<Change> batch, Context ctx) {
    if (batch.isEmpty())
      throw ApiException.invalidInput("Invalid parameter: ChangeBatch.Changes must not be empty");
    checkSize(batch);
    for (Change c : batch) checkShape(c, ctx::healthCheckExists);
    TreeMap<RecordSet.Key, RecordSet> work = new TreeMap<>(current);
    List<String> messages = new ArrayList<>();
    for (Change c : batch) messages.addAll(step(z, work, c, ctx));
    // Quotas (DNSLimitations): 10,000 records per hosted zone. The message is the simulator's own.
    if (messages.isEmpty()
        && work.size() > AccountLimits.MAX_RECORDS_PER_ZONE
        && work.size() > current.size()) {
      messages.add(
          "Tried to create resource record sets in zone "
              + z.name()
              + " beyond its limit of "
              + AccountLimits.MAX_RECORDS_PER_ZONE
              + " resource record sets");
    }
    if (!messages.isEmpty()) {
      throw new ApiException(400, "InvalidChangeBatch", "[" + String.join(", ", messages) + "]");
    }
    return work;
  }

  private static void checkShape(Change c, Predicate<String> healthCheckExists) {
    if (!Set.of("CREATE", "DELETE", "UPSERT").contains(c.action())) {
      throw ApiException.invalidInput(
          "Invalid parameter: Action must be CREATE, DELETE or UPSERT, not " + c.action());
    }
    String shape = RecordRules.shape(c.action(), c.record());
    if (shape != null) throw ApiException.invalidInput(shape);
    RecordSet r = c.record();
    if (r.healthCheckId() != null && !UUID_FORM.matcher(r.healthCheckId()).matches()) {
      throw ApiException.invalidInput(
          "Invalid parameter: HealthCheckId '" + r.healthCheckId() + "' is not a health check id");
    }
    if (r.healthCheckId() != null
        && !c.action().equals("DELETE")
        && !healthCheckExists.test(r.healthCheckId())) {
      throw ApiException.noSuchHealthCheck(r.healthCheckId());
    }
  }

  /** Applies one change to {@code work}, or leaves it as it was and returns why not. */
  private static List<String> step(
      HostedZone z, TreeMap<RecordSet.Key, RecordSet> work, Change c, Context ctx) {
    RecordSet r = c.record();
    List<String> problems = RecordRules.content(r, z);
    if (!problems.isEmpty()) return problems;
    RecordSet existing = work.get(r.key());
    if (c.action().equals("DELETE")) {
      if (existing == null) {
        return List.of("Tried to delete resource record set " + r.key() + " but it was not found");
      }
      if (!RecordRules.sameContent(existing, r)) {
        return List.of(
            "Tried to delete resource record set "
                + r.key()
                + " but the values provided do not match the current values");
      }
      if (r.name().equals(z.name()) && (r.type().equals("SOA") || r.type().equals("NS"))) {
        return List.of(
            "A HostedZone must contain at least one NS record and exactly one SOA record "
                + "for the zone itself.");
      }
      work.remove(r.key());
      return List.of();
    }
    if (c.action().equals("CREATE") && existing != null) {
      return List.of("Tried to create resource record set " + r.key() + " but it already exists");
    }
    work.put(r.key(), r);
    List<String> refused = ZoneRules.afterWrite(z, work, r, ctx::aliasProblem);
    if (!refused.isEmpty()) {
      if (existing == null) work.remove(r.key());
      else work.put(r.key(), existing);
    }
    return refused;
  }

  /**
   * Batch size (DNSLimitations, "Number of elements and characters in ChangeResourceRecordSets
   * requests"): 1,000 ResourceRecord elements and 32,000 value characters, an UPSERT counting
   * twice; "[Number of records limit of 1000 exceeded.]" (DNSControl#1114).
   */
  private static void checkSize(List<Change> batch) {
    long count = 0, chars = 0;
    for (Change c : batch) {
      int factor = c.action().equals("UPSERT") ? 2 : 1;
      RecordSet r = c.record();
      count += (long) factor * (r.isAlias() ? 1 : Math.max(1, r.values().size()));
      for (String v : r.values()) chars += (long) factor * v.length();
    }
    if (count > MAX_RECORDS_PER_BATCH) {
      throw new ApiException(
          400,
          "InvalidChangeBatch",
          "[Number of records limit of " + MAX_RECORDS_PER_BATCH + " exceeded.]");
    }
    if (chars > MAX_CHARS_PER_BATCH) {
      throw new ApiException(
          400,
          "InvalidChangeBatch",
          "[Number of characters limit of " + MAX_CHARS_PER_BATCH + " exceeded.]");
    }
  }
}
