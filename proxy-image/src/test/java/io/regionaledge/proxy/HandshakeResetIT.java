package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that reset before TLS completed are routine (load generators, scanners) and must not
 * flood the log.
 */
class HandshakeResetIT {
  @TempDir Path dir;

  @Test
  void clientsResettingDuringTheTlsHandshakeLeaveNoWarningInTheLog() throws Exception {
    try (GatewayBackend backend = new GatewayBackend(BACKEND_NAME).start(0)) {
      Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
      try (ProxyProcess proxy =
          ProxyProcess.launch(
                  dir,
                  List.of("-Xmx64m"),
                  List.of(
                      "--listen",
                      "127.0.0.1:0",
                      "--admin-listen",
                      "127.0.0.1:0",
                      "--cert",
                      cert.toString(),
                      "--key",
                      dir.resolve("public.key").toString(),
                      "--backend",
                      BACKEND_NAME,
                      "--backend-address",
                      "127.0.0.1:" + backend.port(),
                      "--backend-ca",
                      TestPki.writeCa(dir).toString()))
              .awaitListening(Duration.ofSeconds(30))) {
        for (int i = 0; i < 5; i++) {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", proxy.port), 5000);
            OutputStream out = s.getOutputStream();
            // the first bytes of a TLS handshake record (RFC 8446 section 5.1), then a reset (RST)
            out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
            out.flush();
            Thread.sleep(100);
            s.setSoLinger(true, 0);
          }
        }
        Thread.sleep(
            1000); // the proxy has read the resets by now; the old code warned within milliseconds
        assertThat(proxy.stderrText()).doesNotContain("WARN").doesNotContain("Connection reset");
      }
    }
  }
}
