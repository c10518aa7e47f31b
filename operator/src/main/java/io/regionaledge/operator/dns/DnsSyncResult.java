package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.DnsStatus;
import java.time.Duration;

/**
 * Outcome of one DNS sync or cleanup.
 *
 * @param status the DnsSynced condition status: "True", "False" or "Unknown"
 * @param reason the condition reason: Synced, Pending, Throttled, Conflict, QuotaExceeded, ...
 * @param message human-readable detail, naming records or causes
 * @param details what Route53 holds for this region (for status); may be null
 * @param retryAfter when to look again (null: the regular resync is enough)
 */
public record DnsSyncResult(
    String status, String reason, String message, DnsStatus details, Duration retryAfter) {

  public static DnsSyncResult unknown(String reason, String message) {
    return new DnsSyncResult("Unknown", reason, message, null, null);
  }

  public static DnsSyncResult done() {
    return new DnsSyncResult("True", "Synced", "nothing left in Route53", null, null);
  }

  public boolean synced() {
    return "True".equals(status);
  }
}
