package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2FrameTypes;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream that stops sending its body is reset after --idle-timeout, even while PINGs keep the
 * connection busy.
 */
class Http2StreamTimeoutIT {
  @TempDir static Path dir;
  static GatewayBackend backend;
  static RunningProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    backend = new GatewayBackend(BACKEND_NAME).start(0);
    proxy = RunningProxy.start(dir, backend, "--idle-timeout", "1s", "--access-log", "false");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
  }

  @AfterAll
  static void stop() {
    proxy.close();
    backend.close();
  }

  @Test
  void aStreamThatNeverEndsItsBodyIsResetWhilePingsKeepTheConnectionOpen() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("POST", "/stalled-upload"), false);
      c.data(1, new byte[10], false);
      RawH2.Frame reset = null;
      for (int i = 0; i < 20 && reset == null; i++) { // at most 20 x 250 ms
        c.rawFrame(Http2FrameTypes.PING, 0, 0, Unpooled.buffer(8).writeLong(i));
        reset = c.await(f -> f.is(Http2FrameTypes.RST_STREAM, 1), 250);
      }
      assertThat(reset).as(c.frames.toString()).isNotNull();
      assertThat(c.frames).noneMatch(f -> f.type() == Http2FrameTypes.GO_AWAY);
      // the connection still serves other streams
      c.headers(3, RawH2.request("GET", "/after-stall"), true);
      assertThat(c.status(3, 5000)).isEqualTo(200);
    }
    assertThat(backend.completed).noneMatch(r -> r.contains("/stalled-upload"));
  }
}
