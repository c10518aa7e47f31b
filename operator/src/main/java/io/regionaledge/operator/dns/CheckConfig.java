package io.regionaledge.operator.dns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Route53 health check of one proxy instance: HTTPS to its address and port, Host and SNI set
 * to the public hostname (Route53's checks fail against SNI-only servers without EnableSNI).
 */
public record CheckConfig(String ipAddress, int port, String fqdn, String path, int requestInterval,
                          int failureThreshold) {

  /** Short digest of every setting: any change replaces the check (create new, swap, delete old). */
  public String digest() {
    return sha256(toString()).substring(0, 10);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
