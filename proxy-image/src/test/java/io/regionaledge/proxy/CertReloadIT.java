package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertReloadIT {
  @TempDir Path dir;

  static X509Certificate served(int port) throws Exception {
    try (RawHttps c = RawHttps.connect(port, PUBLIC_NAME)) {
      return (X509Certificate) c.socket.getSession().getPeerCertificates()[0];
    }
  }

  @Test
  void newCertificateFilesServeNewConnectionsWithoutDroppingOpenOnes() throws Exception {
    try (GatewayBackend backend = new GatewayBackend(BACKEND_NAME).start(0);
        RunningProxy proxy = RunningProxy.start(dir, backend, "--access-log", "false")) {
      X509Certificate first = served(proxy.port());
      try (RawHttps open = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
        assertThat(open.get("/before", PUBLIC_NAME).status()).isEqualTo(200);

        // a Secret update: new files written aside, then moved over the old ones
        X509Bundle next = TestPki.issue(PUBLIC_NAME);
        Path staging = Files.createDirectory(dir.resolve("staging"));
        TestPki.write(next, staging, "public");
        Files.move(staging.resolve("public.key"), proxy.key, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging.resolve("public.crt"), proxy.cert, StandardCopyOption.REPLACE_EXISTING);

        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    served(proxy.port())
                        .getSerialNumber()
                        .equals(next.getCertificate().getSerialNumber()));
        assertThat(first.getSerialNumber()).isNotEqualTo(next.getCertificate().getSerialNumber());
        // the connection accepted before the swap still works
        assertThat(open.get("/after", PUBLIC_NAME).status()).isEqualTo(200);
      }
    }
  }

  @Test
  void aBrokenReplacementIsIgnoredAndTheOldCertificateKeepsServing() throws Exception {
    try (GatewayBackend backend = new GatewayBackend(BACKEND_NAME).start(0);
        RunningProxy proxy = RunningProxy.start(dir, backend, "--access-log", "false")) {
      X509Certificate first = served(proxy.port());
      // a key that does not match the certificate
      Files.writeString(proxy.key, TestPki.issue(PUBLIC_NAME).getPrivateKeyPEM());
      Thread.sleep(ProxyServer.CERT_POLL_MS + 1500);
      assertThat(served(proxy.port()).getSerialNumber()).isEqualTo(first.getSerialNumber());
      try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
        assertThat(c.get("/still", PUBLIC_NAME).status()).isEqualTo(200);
      }
    }
  }
}
