package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 MB each way through a proxy process whose heap is 64 MB: bodies must stream, not be buffered.
 */
class StreamingIT {
  static final long SIZE = 50L * 1024 * 1024;
  @TempDir static Path dir;
  static GatewayBackend backend;
  static ProxyProcess proxy;

  @BeforeAll
  static void start() throws Exception {
    backend = new GatewayBackend(BACKEND_NAME).start(0);
    Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
    proxy =
        ProxyProcess.launch(
                dir,
                List.of("-Xmx64m", "-XX:MaxDirectMemorySize=32m"),
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
            .awaitListening(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    backend.close();
  }

  @Test
  void a50MegabyteUploadArrivesWhole() throws Exception {
    CRC32 crc = new CRC32();
    Random random = new Random(42);
    byte[] chunk = new byte[65536];
    try (RawHttps c = RawHttps.connect(proxy.port, PUBLIC_NAME)) {
      c.send(
          "POST /upload HTTP/1.1\r\nHost: "
              + PUBLIC_NAME
              + "\r\nContent-Length: "
              + SIZE
              + "\r\n\r\n");
      OutputStream out = c.output();
      for (long sent = 0; sent < SIZE; sent += chunk.length) {
        random.nextBytes(chunk);
        crc.update(chunk);
        out.write(chunk);
      }
      out.flush();
      RawHttps.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-echo-body-bytes")).isEqualTo(String.valueOf(SIZE));
      assertThat(r.header("x-echo-body-crc")).isEqualTo(Long.toHexString(crc.getValue()));
    }
    assertThat(proxy.process.isAlive()).isTrue();
  }

  @Test
  void a50MegabyteDownloadArrivesWhole() throws Exception {
    long[] received = {0};
    OutputStream counter =
        new OutputStream() {
          @Override
          public void write(int b) {
            received[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            received[0] += len;
          }
        };
    try (RawHttps c = RawHttps.connect(proxy.port, PUBLIC_NAME)) {
      c.send("GET /download?bytes=" + SIZE + " HTTP/1.1\r\nHost: " + PUBLIC_NAME + "\r\n\r\n");
      RawHttps.Response r = c.read(counter);
      assertThat(r.status()).isEqualTo(200);
      assertThat(received[0]).isEqualTo(SIZE);
      // and the connection is still usable afterwards
      assertThat(c.get("/after-download", PUBLIC_NAME).status()).isEqualTo(200);
    }
    assertThat(proxy.process.isAlive()).isTrue();
  }
}
