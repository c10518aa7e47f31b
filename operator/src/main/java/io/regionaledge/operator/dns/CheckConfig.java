package io.regionaledge.operator.dns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Route53 health check of one proxy instance: HTTPS to its address and port, Host and SNI set
 * to the public hostname (Route53's checks fail against SNI-only servers without EnableSNI).
 */
public record CheckConfig(
    String ipAddress,
    int port,
    String fqdn,
    String path,
    int requestInterval,
    int failureThreshold) {

  /** Short digest of every setting: when it changes, the check is updated in place or replaced. */
  public String digest() {
    return sha256(toString()).substring(0, 10);
  }

  /**
   * Short digest of the settings Route53 never changes on an existing check (API_UpdateHealthCheck:
   * "You can't change the value of Type, RequestInterval or MeasureLatency"); the operator always
   * uses Type HTTPS without MeasureLatency, so the request interval is all. A change here replaces
   * the check; any other change is one UpdateHealthCheck.
   */
  public String fixedDigest() {
    return sha256("HTTPS|" + requestInterval + "|false").substring(0, 10);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
