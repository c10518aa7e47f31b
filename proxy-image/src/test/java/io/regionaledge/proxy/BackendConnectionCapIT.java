package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http2.Http2FrameTypes;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At most --max-backend-connections per event loop. The streams of one HTTP/2 connection share its
 * event loop, so with a cap of 1 a second stream must wait for the first stream's backend
 * connection.
 */
class BackendConnectionCapIT {
  @TempDir static Path dir;
  static GatewayBackend backend;
  static RunningProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    backend = new GatewayBackend(BACKEND_NAME).start(0);
    proxy =
        RunningProxy.start(
            dir,
            backend,
            "--max-backend-connections",
            "1",
            "--connect-timeout",
            "800ms",
            "--access-log",
            "false");
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
  void aRequestThatFindsEveryBackendConnectionBusyPastTheWaitGets503() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/slow?ms=2500&cap=busy"), true);
      c.headers(3, RawH2.request("GET", "/cap=second"), true);
      RawH2.Frame second = c.await(f -> f.is(Http2FrameTypes.HEADERS, 3), 5000);
      assertThat(second).as(c.frames.toString()).isNotNull();
      assertThat(second.headers().status().toString()).isEqualTo("503");
      assertThat(c.frames)
          .as("the 503 came while the first stream was still waiting")
          .noneMatch(f -> f.is(Http2FrameTypes.HEADERS, 1));
      assertThat(c.status(1, 5000)).isEqualTo(200);
    }
    assertThat(backend.sawAnyUriContaining("cap=second")).isFalse();
  }

  @Test
  void aRequestWaitsForTheBackendConnectionAnotherOneReleases() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/slow?ms=200&cap=first"), true);
      c.headers(3, RawH2.request("GET", "/cap=waits"), true);
      assertThat(c.status(1, 5000)).isEqualTo(200);
      assertThat(c.status(3, 5000)).as(c.frames.toString()).isEqualTo(200);
    }
  }
}
