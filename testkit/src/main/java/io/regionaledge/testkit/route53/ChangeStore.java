package io.regionaledge.testkit.route53;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Submitted changes (GetChange): PENDING until the INSYNC delay has passed. botocore GetChange:
 * "PENDING indicates that the changes in this request have not propagated to all Amazon Route 53
 * DNS servers"; they "generally propagate to all Route 53 name servers within 60 seconds". Changes
 * are kept for the simulator's life (Route53 forgets old ones; the operator copes with
 * NoSuchChange).
 */
final class ChangeStore {
  private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final Clock clock;
  private final Duration insyncDelay;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, ChangeInfo> changes = new HashMap<>();

  ChangeStore(Clock clock, Duration insyncDelay) {
    this.clock = clock;
    this.insyncDelay = insyncDelay;
  }

  Instant now() {
    return clock.instant();
  }

  synchronized ChangeInfo newChange(String comment) {
    Instant now = clock.instant();
    ChangeInfo c = new ChangeInfo(newId("C", 20), now, now.plus(insyncDelay), comment);
    changes.put(c.id(), c);
    return c;
  }

  synchronized ChangeInfo get(String id) {
    ChangeInfo c = changes.get(bareId(id, "/change/"));
    if (c == null)
      throw new ApiException(
          404, "NoSuchChange", "A change with the specified change ID does not exist: " + id);
    return c;
  }

  /** A Route53-style id: prefix and upper-case letters and digits. */
  String newId(String prefix, int length) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) sb.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
    return sb.toString();
  }

  static String bareId(String id, String prefix) {
    java.util.Objects.requireNonNull(id, "id");
    return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
  }
}
