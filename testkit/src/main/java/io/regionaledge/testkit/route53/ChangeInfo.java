package io.regionaledge.testkit.route53;

import java.time.Instant;

/** A submitted change: PENDING until {@code insyncAt}, INSYNC after. Id is bare (C...). */
public record ChangeInfo(String id, Instant submittedAt, Instant insyncAt, String comment) {
  public String status(Instant now) {
    return now.isBefore(insyncAt) ? "PENDING" : "INSYNC";
  }
}
