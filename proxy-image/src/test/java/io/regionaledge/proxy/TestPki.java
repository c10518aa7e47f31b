package io.regionaledge.proxy;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.SSLContext;

/** A throwaway CA for the tests, and certificates issued by it written as PEM files. */
final class TestPki {
  static final String PUBLIC_NAME = "fast.example.com";
  static final String BACKEND_NAME = "us-east-1-fast.example.com";
  private static X509Bundle ca;

  private TestPki() {}

  static synchronized X509Bundle ca() throws Exception {
    if (ca == null) {
      ca =
          new CertificateBuilder()
              .subject("CN=RegionalEdge Test CA")
              .setIsCertificateAuthority(true)
              .notBefore(Instant.now().minus(1, ChronoUnit.DAYS))
              .notAfter(Instant.now().plus(1, ChronoUnit.DAYS))
              .ecp256()
              .buildSelfSigned();
    }
    return ca;
  }

  /**
   * A server certificate for {@code name}, also valid for 127.0.0.1 so clients may address the
   * proxy by IP.
   */
  static X509Bundle issue(String name) throws Exception {
    return new CertificateBuilder()
        .subject("CN=" + name)
        .addSanDnsName(name)
        .addSanIpAddress("127.0.0.1")
        .notBefore(Instant.now().minus(1, ChronoUnit.DAYS))
        .notAfter(Instant.now().plus(1, ChronoUnit.DAYS))
        .setIsCertificateAuthority(false)
        .addExtendedKeyUsageServerAuth()
        .ecp256()
        .buildIssuedBy(ca());
  }

  /**
   * Writes {@code <dir>/<base>.crt} (chain) and {@code <dir>/<base>.key}; returns the cert path.
   */
  static Path write(X509Bundle bundle, Path dir, String base) throws IOException {
    Path cert = dir.resolve(base + ".crt");
    Files.writeString(cert, bundle.getCertificatePathPEM());
    Files.writeString(dir.resolve(base + ".key"), bundle.getPrivateKeyPEM());
    return cert;
  }

  static Path writeCa(Path dir) throws Exception {
    Path p = dir.resolve("ca.pem");
    Files.writeString(p, ca().getCertificatePEM());
    return p;
  }

  static SSLContext clientContext() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, ca().toTrustManagerFactory().getTrustManagers(), null);
    return ctx;
  }
}
