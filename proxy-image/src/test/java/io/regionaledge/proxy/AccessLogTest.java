package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccessLogTest {
  /**
   * Counts write calls reaching the underlying stream: the batch must not be one write per line.
   */
  static final class CountingStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public synchronized void write(int b) {
      writes.incrementAndGet();
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes.incrementAndGet();
      bytes.write(b, off, len);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyLineIsOneJsonObjectWithItsFieldsQuoted() {
    CountingStream out = new CountingStream();
    AccessLog log = new AccessLog(out);
    log.log("192.0.2.1", "HTTP/2", "GET", "/a\"b\\c\n", 200, 2200, 1_234_567, "-", null);
    log.log(
        "192.0.2.2",
        "HTTP/1.1",
        "POST",
        "/p",
        502,
        17,
        5_000_001_000L,
        "retried",
        "backend closed");
    log.close();
    String[] lines = out.text().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0])
        .matches("\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",.*\\}")
        .contains("\"uri\":\"/a\\\"b\\\\c\\n\"")
        .contains("\"status\":200")
        .contains("\"duration_ms\":1.234")
        .doesNotContain("\"error\"");
    assertThat(lines[1])
        .contains("\"duration_ms\":5000.001")
        .contains("\"upstream\":\"retried\"")
        .contains("\"error\":\"backend closed\"");
  }

  @Test
  void aBatchOfLinesReachesTheStreamInFewWrites() {
    CountingStream out = new CountingStream();
    AccessLog log = new AccessLog(out);
    for (int i = 0; i < 1000; i++) {
      log.log("192.0.2.1", "HTTP/1.1", "GET", "/n/" + i, 200, 10, 1000, "-", null);
    }
    log.close();
    assertThat(out.text().lines()).hasSize(1000);
    // 1000 lines of ~170 bytes through a 64 KiB buffer: a handful of writes, not one per line
    assertThat(out.writes.get()).isLessThan(100);
  }
}
