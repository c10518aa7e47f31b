package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket (API Gateway WebSocket APIs) through the proxy: an HTTP/1.1 upgrade is tunnelled with
 * the same Host and SNI rewrite as any request, then bytes flow both ways until either side closes
 * or the tunnel idles past --idle-timeout. Over HTTP/2 (RFC 8441 extended CONNECT, or an Upgrade
 * header) it is refused, never forwarded.
 */
class WebSocketIT {
  @TempDir static Path dir;
  static WebSocketBackend backend;
  static RunningProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    backend = new WebSocketBackend(BACKEND_NAME).start();
    Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
    proxy =
        RunningProxy.start(
            cert,
            dir.resolve("public.key"),
            BACKEND_NAME + ":443",
            "127.0.0.1:" + backend.port(),
            TestPki.writeCa(dir),
            "--idle-timeout",
            "2s",
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

  private static int busyBackendConnections() {
    return proxy.server.metrics().upstreamOpen.get() - proxy.server.metrics().pooledIdle.get();
  }

  @Test
  void aWebSocketUpgradeIsTunnelledToTheBackendWithItsOwnHostAndSni() throws Exception {
    int before = backend.handshakes.size();
    try (WebSocketClient ws = WebSocketClient.connect(proxy.port(), "/chat")) {
      ws.handshake.get(10, TimeUnit.SECONDS);
      ws.send("hello through the proxy");
      assertThat(ws.next(10)).isEqualTo("hello through the proxy");
      // larger than every window and buffer on the way: relayed with backpressure, byte for byte
      byte[] big = new byte[600_000];
      new Random(7).nextBytes(big);
      ws.send(big);
      assertThat((byte[]) ws.next(10)).isEqualTo(big);
      ws.send("still open");
      assertThat(ws.next(10)).isEqualTo("still open");
    }
    Map<String, String> seen = backend.handshakes.get(before);
    assertThat(seen.get("host")).isEqualTo(BACKEND_NAME);
    assertThat(seen.get("upgrade")).isEqualToIgnoringCase("websocket");
    assertThat(seen.get("connection")).containsIgnoringCase("upgrade");
    assertThat(seen.get("sec-websocket-key")).isNotBlank();
    assertThat(seen.get("x-forwarded-host")).isEqualTo(PUBLIC_NAME);
    assertThat(backend.snis).contains(BACKEND_NAME).doesNotContain(PUBLIC_NAME);
    // the client closed: the tunnel's backend connection goes with it, never into the pool
    await().atMost(Duration.ofSeconds(5)).until(() -> busyBackendConnections() == 0);
    assertThat(proxy.server.metrics().inFlight.get()).isZero();
  }

  @Test
  void anIdleTunnelIsClosedAfterTheIdleTimeoutOnBothSides() throws Exception {
    int closedBefore = backend.sessionsClosed.get();
    try (WebSocketClient ws = WebSocketClient.connect(proxy.port(), "/chat")) {
      ws.handshake.get(10, TimeUnit.SECONDS);
      ws.send("ping");
      assertThat(ws.next(10)).isEqualTo("ping");
      assertThat(ws.channel.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS))
          .as("closed by the proxy after --idle-timeout without traffic")
          .isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> backend.sessionsClosed.get() > closedBefore);
  }

  @Test
  void anHttp2ExtendedConnectForWebSocketIsRefusedAndNeverForwarded() throws Exception {
    int before = backend.handshakes.size();
    try (RawH2 c = RawH2.connect(proxy.port())) {
      // RFC 8441 §4: a client may only send :protocol after SETTINGS_ENABLE_CONNECT_PROTOCOL = 1
      // (id 0x8)
      assertThat(c.serverSettings.get((char) 8))
          .as("SETTINGS_ENABLE_CONNECT_PROTOCOL")
          .isIn(null, 0L);
      var h =
          new io.netty.handler.codec.http2.DefaultHttp2Headers()
              .method("CONNECT")
              .scheme("https")
              .path("/chat")
              .authority(PUBLIC_NAME);
      h.set(":protocol", "websocket");
      h.set("sec-websocket-version", "13");
      c.headers(1, h, false);
      RawH2.Frame answer =
          c.await(
              f ->
                  f.stream() == 1
                      && (f.type() == Http2FrameTypes.RST_STREAM
                          || f.type() == Http2FrameTypes.HEADERS),
              5000);
      assertThat(answer).as(c.frames.toString()).isNotNull();
      if (answer.type() == Http2FrameTypes.HEADERS) {
        assertThat(answer.headers().status().toString()).isEqualTo("501");
      }
    }
    assertThat(backend.handshakes).hasSize(before);
  }

  @Test
  void anHttp2RequestCarryingAnUpgradeHeaderIsResetAsMalformed() throws Exception {
    int before = backend.handshakes.size();
    try (RawH2 c = RawH2.connect(proxy.port())) {
      var h = RawH2.request("GET", "/chat");
      h.set("upgrade", "websocket");
      c.headers(1, h, true);
      RawH2.Frame reset = c.await(f -> f.is(Http2FrameTypes.RST_STREAM, 1), 5000);
      assertThat(reset).as(c.frames.toString()).isNotNull();
      assertThat(reset.error()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
    }
    assertThat(backend.handshakes).hasSize(before);
  }
}
