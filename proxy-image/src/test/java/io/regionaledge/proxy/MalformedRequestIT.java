package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each class of malformed request is answered by the proxy (or the connection closed) and never
 * reaches the backend.
 */
class MalformedRequestIT {
  @TempDir static Path dir;
  static GatewayBackend backend;
  static RunningProxy proxy;
  static final String H = "Host: " + PUBLIC_NAME + "\r\n";

  @BeforeAll
  static void start() throws Exception {
    backend = new GatewayBackend(BACKEND_NAME).start(0);
    proxy = RunningProxy.start(dir, backend, "--max-header-bytes", "4096", "--access-log", "false");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
  }

  @AfterAll
  static void stop() {
    proxy.close();
    backend.close();
  }

  static Stream<Arguments> malformed() {
    String many = "X-H: v\r\n".repeat(RequestRules.MAX_HEADERS + 1);
    return Stream.of(
        Arguments.of(
            "conflicting Content-Length",
            "POST /m1 HTTP/1.1\r\n" + H + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            400),
        Arguments.of(
            "duplicated Content-Length",
            "POST /m2 HTTP/1.1\r\n" + H + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
            400),
        Arguments.of(
            "Content-Length list",
            "POST /m3 HTTP/1.1\r\n" + H + "Content-Length: 3, 3\r\n\r\nabc",
            400),
        Arguments.of(
            "Content-Length with Transfer-Encoding",
            "POST /m4 HTTP/1.1\r\n"
                + H
                + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            400),
        Arguments.of(
            "Transfer-Encoding other than chunked",
            "POST /m5 HTTP/1.1\r\n"
                + H
                + "Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            501),
        Arguments.of(
            "negative Content-Length",
            "POST /m6 HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\n",
            400),
        Arguments.of(
            "header block over the limit",
            "GET /m7 HTTP/1.1\r\n" + H + "X-Big: " + "a".repeat(5000) + "\r\n\r\n",
            431),
        Arguments.of(
            "request line over the limit",
            "GET /m8" + "a".repeat(5000) + " HTTP/1.1\r\n" + H + "\r\n",
            414),
        Arguments.of("too many headers", "GET /m9 HTTP/1.1\r\n" + H + many + "\r\n", 431),
        Arguments.of(
            "NUL in a header value", "GET /m10 HTTP/1.1\r\n" + H + "X-A: a\0b\r\n\r\n", 400),
        Arguments.of(
            "bare CR in a header value", "GET /m11 HTTP/1.1\r\n" + H + "X-A: a\rb\r\n\r\n", 400),
        Arguments.of(
            "bare LF ending a header", "GET /m12 HTTP/1.1\r\n" + H + "X-A: a\nX-B: b\r\n\r\n", 400),
        Arguments.of(
            "two Host headers",
            "GET /m13 HTTP/1.1\r\n" + H + "Host: evil.example.org\r\n\r\n",
            400),
        Arguments.of("no Host header", "GET /m14 HTTP/1.1\r\nX-A: b\r\n\r\n", 400),
        Arguments.of(
            "space before the colon", "GET /m15 HTTP/1.1\r\n" + H + "X-A : b\r\n\r\n", 400),
        Arguments.of("CONNECT", "CONNECT /m16 HTTP/1.1\r\n" + H + "\r\n", 405),
        Arguments.of("request target without a slash", "GET m17 HTTP/1.1\r\n" + H + "\r\n", 400));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("malformed")
  void isRejectedAndNeverForwarded(String what, String raw, int status) throws Exception {
    String marker = raw.substring(raw.indexOf(' ') + 1, raw.indexOf(' ') + 4);
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      RawHttps.Response r = c.send(raw).read();
      assertThat(r).as(what).isNotNull();
      assertThat(r.status()).as(what).isEqualTo(status);
      assertThat(r.header("connection")).as(what).isEqualTo("close");
      assertThat(c.closedByPeer()).as(what + ": connection closed after the answer").isTrue();
    }
    assertThat(backend.sawAnyUriContaining(marker)).as(what + ": backend saw " + marker).isFalse();
  }

  @Test
  void malformedChunkingClosesTheConnectionAndNoRequestCompletesAtTheBackend() throws Exception {
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      RawHttps.Response r;
      try {
        r =
            c.send(
                    "POST /chunky HTTP/1.1\r\n"
                        + H
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
                .read();
      } catch (IOException closed) {
        r = null;
      }
      if (r != null) {
        assertThat(r.status()).isEqualTo(400);
      }
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThat(backend.completed).noneMatch(u -> u.contains("/chunky"));
  }
}
