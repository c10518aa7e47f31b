package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http2.Http2FrameTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a backend may send that is wrong or unusual, and what the client must see instead. */
class BackendFaultsIT {
  @TempDir static Path dir;
  static ScriptedBackend backend;
  static RunningProxy proxy;
  static final String H = "Host: " + PUBLIC_NAME + "\r\n";

  @BeforeAll
  static void start() throws Exception {
    backend =
        new ScriptedBackend(BACKEND_NAME)
            .on("nothttp", "SSH-2.0-OpenSSH_9.2\r\n\r\n")
            .on(
                "badchunk",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n")
            .on(
                "closedelimited",
                "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello" + ScriptedBackend.CLOSE)
            .on(
                "chunked",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
            .on(
                "continue",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
    proxy =
        RunningProxy.start(
            cert,
            dir.resolve("public.key"),
            BACKEND_NAME + ":443",
            "127.0.0.1:" + backend.port(),
            TestPki.writeCa(dir),
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

  static RawHttps client() throws Exception {
    RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME);
    c.socket.setSoTimeout(5000);
    return c;
  }

  @Test
  void bytesThatAreNotHttpGiveA502AndTheClientConnectionIsClosed() throws Exception {
    try (RawHttps c = client()) {
      RawHttps.Response r = c.get("/nothttp", PUBLIC_NAME);
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void aBadChunkAbortsTheClientResponseAndTheBackendConnectionIsNeverReused() throws Exception {
    try (RawHttps c = client()) {
      assertThatThrownBy(() -> c.get("/badchunk/1", PUBLIC_NAME)).isInstanceOf(IOException.class);
    }
    int badOn =
        backend.seen.stream()
            .filter(s -> s.requestLine().contains("/badchunk/1"))
            .findFirst()
            .orElseThrow()
            .connection();
    try (RawHttps c = client()) {
      RawHttps.Response r = c.get("/after-badchunk", PUBLIC_NAME);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("ok");
    }
    int nextOn =
        backend.seen.stream()
            .filter(s -> s.requestLine().contains("/after-badchunk"))
            .findFirst()
            .orElseThrow()
            .connection();
    assertThat(nextOn).as("backend connection of the next request").isNotEqualTo(badOn);
  }

  @Test
  void aCloseDelimitedResponseReachesAnHttp11ClientWithoutWaitingForTheIdleTimeout()
      throws Exception {
    try (RawHttps c = client()) {
      RawHttps.Response r = c.get("/closedelimited", PUBLIC_NAME);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("hello");
      boolean framed =
          "chunked".equals(r.header("transfer-encoding")) || r.header("content-length") != null;
      assertThat(framed || c.closedByPeer())
          .as("framed, or the connection closed after it")
          .isTrue();
    }
  }

  @Test
  void anHttp10ClientNeverGetsAChunkedBody() throws Exception {
    try (RawHttps c = client()) {
      c.send("GET /chunked HTTP/1.0\r\n" + H + "\r\n");
      RawHttps.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("transfer-encoding")).isNull();
      assertThat(r.text()).isEqualTo("hello");
    }
  }

  @Test
  void anHttp10ClientNeverGetsAnInformationalResponse() throws Exception {
    // RFC 9110 §15.2: a server must not send a 1xx response to an HTTP/1.0 client
    try (RawHttps c = client()) {
      c.send("GET /continue HTTP/1.0\r\n" + H + "\r\n");
      RawHttps.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("ok");
    }
  }

  @Test
  void anInformationalResponseDoesNotResetAnHttp2Stream() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/continue/h2"), true);
      assertThat(c.await(f -> f.stream() == 1 && f.endStream(), 5000))
          .as(c.frames.toString())
          .isNotNull();
      assertThat(c.frames).noneMatch(f -> f.type() == Http2FrameTypes.RST_STREAM);
      assertThat(
              c.frames.stream()
                  .filter(f -> f.is(Http2FrameTypes.HEADERS, 1))
                  .map(f -> String.valueOf(f.headers().status())))
          .containsExactly("100", "200");
      assertThat(
              c.frames.stream().filter(f -> f.is(Http2FrameTypes.DATA, 1)).map(RawH2.Frame::data))
          .containsExactly("ok");
    }
  }

  @Test
  void bytesThatAreNotHttpGiveAnHttp2ClientA502() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/nothttp/h2"), true);
      assertThat(c.status(1, 5000)).as(c.frames.toString()).isEqualTo(502);
    }
  }
}
