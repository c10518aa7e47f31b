package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameTypes;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answer given before the request body ended (here a 502: nothing listens on the backend port)
 * must end the stream, so the rest of the upload neither piles up unread nor uses up the
 * connection's flow-control window that every other stream shares (RFC 9113 §8.1: "a server can
 * send a complete response prior to the client sending an entire request ... the server MAY request
 * that the client abort transmission of a request without error by sending a RST_STREAM with an
 * error code of NO_ERROR").
 */
class Http2EarlyAnswerIT {
  @TempDir static Path dir;
  static RunningProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
    proxy =
        RunningProxy.start(
            cert,
            dir.resolve("public.key"),
            BACKEND_NAME + ":443",
            "127.0.0.1:" + dead,
            TestPki.writeCa(dir),
            "--access-log",
            "false");
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @Test
  void anAnswerBeforeTheBodyEndedResetsTheStreamWithNoError() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("POST", "/upload"), false);
      c.data(1, new byte[1024], false);
      assertThat(c.status(1, 5000)).as(c.frames.toString()).isEqualTo(502);
      assertThat(c.await(f -> f.is(Http2FrameTypes.RST_STREAM, 1), 5000))
          .as(c.frames.toString())
          .isNotNull()
          .extracting(RawH2.Frame::error)
          .isEqualTo(Http2Error.NO_ERROR.code());
    }
  }

  @Test
  void theRestOfAnAnsweredUploadIsCreditedBackToTheConnectionWindow() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("POST", "/upload"), false);
      assertThat(c.status(1, 5000)).isEqualTo(502);
      // a client that has not yet seen the reset keeps sending, up to the stream window the proxy
      // offered;
      // the proxy must read and credit those bytes back to the connection window (which it sizes at
      // least
      // as large), or they block every other upload on the connection
      Integer offered = c.serverSettings.initialWindowSize();
      int window = offered == null ? 65535 : offered;
      int mark = c.frames.size();
      for (int left = window - 1; left > 0; left -= 16000) {
        c.data(1, new byte[Math.min(16000, left)], false);
      }
      assertThat(c.awaitAfter(mark, f -> f.is(Http2FrameTypes.WINDOW_UPDATE, 0), 5000))
          .as("connection WINDOW_UPDATE for the discarded upload: " + c.frames)
          .isNotNull();
      c.headers(3, RawH2.request("POST", "/second"), false);
      c.data(3, new byte[16000], true);
      assertThat(c.status(3, 5000)).as(c.frames.toString()).isEqualTo(502);
      assertThat(c.frames).noneMatch(f -> f.type() == Http2FrameTypes.GO_AWAY);
    }
  }

  @Test
  void theProxyOffersAStreamWindowLargerThanTheDefault() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      assertThat(c.serverSettings.initialWindowSize()).isNotNull().isGreaterThan(65535);
    }
  }
}
