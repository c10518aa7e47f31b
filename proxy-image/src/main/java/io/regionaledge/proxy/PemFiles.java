package io.regionaledge.proxy;

import io.netty.handler.ssl.SslContext;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Reads PEM certificate chains and keys with Netty's own parser (PKCS#8, and PKCS#1/SEC1 through
 * BouncyCastle), so what we check is exactly what the TLS stack will load. Extends SslContext only
 * to reach its protected helpers.
 */
abstract class PemFiles extends SslContext {
  private PemFiles() {}

  /** A certificate chain and the key that matches its first certificate. */
  record KeyPair(X509Certificate[] chain, PrivateKey key) {}

  static X509Certificate[] certificates(Path file, String what) {
    requireReadable(file, what);
    try {
      X509Certificate[] chain = toX509Certificates(file.toFile());
      if (chain == null || chain.length == 0) {
        throw new IllegalArgumentException(what + " " + file + " holds no PEM certificate");
      }
      return chain;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException(
          what + " " + file + " is not a PEM certificate: " + oneLine(e));
    }
  }

  static KeyPair load(Path certFile, Path keyFile) {
    X509Certificate[] chain = certificates(certFile, "certificate");
    requireReadable(keyFile, "key");
    PrivateKey key;
    try {
      key = toPrivateKey(new File(keyFile.toString()), null);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "key " + keyFile + " is not a PEM private key: " + oneLine(e));
    }
    if (key == null) {
      throw new IllegalArgumentException("key " + keyFile + " holds no PEM private key");
    }
    if (!matches(key, chain[0])) {
      throw new IllegalArgumentException(
          "key " + keyFile + " does not match certificate " + certFile);
    }
    return new KeyPair(chain, key);
  }

  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String type = cert.getPublicKey().getAlgorithm();
    String algorithm =
        switch (type) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default ->
              throw new IllegalArgumentException("unsupported certificate key algorithm " + type);
        };
    try {
      // the key may come from BouncyCastle (PKCS#1/SEC1 files): re-read it with the JDK's own
      // factory
      PrivateKey jdkKey =
          java.security.KeyFactory.getInstance(type)
              .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
      byte[] probe =
          "regionaledge key/certificate match".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(jdkKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (Exception e) {
      return false;
    }
  }

  private static void requireReadable(Path file, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(what + " file " + file + " is not readable");
    }
  }

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return msg.replaceAll("\\s+", " ").trim();
  }
}
