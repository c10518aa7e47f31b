package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http2.Http2FrameTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * haproxy's {@code timeout client} / {@code timeout server} in every phase: a side that stops
 * making progress (reading what the proxy sends, or sending what the proxy waits for) is cut off,
 * and the backend connection it held is closed, never pooled. Real sockets, real TLS on loopback.
 */
class StallTimeoutsIT {
  static final String H = "Host: " + PUBLIC_NAME + "\r\n";
  @TempDir Path dir;
  GatewayBackend gateway;
  ScriptedBackend scripted;
  RunningProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (scripted != null) {
      scripted.close();
    }
  }

  private void startScripted(String... flags) throws Exception {
    scripted =
        new ScriptedBackend(BACKEND_NAME)
            .on("midbody", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
            .on("noread", ScriptedBackend.STALL);
    Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
    proxy =
        RunningProxy.start(
            cert,
            dir.resolve("public.key"),
            BACKEND_NAME + ":443",
            "127.0.0.1:" + scripted.port(),
            TestPki.writeCa(dir),
            flags);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
  }

  /** Backend connections held by an exchange (open, not idle in the pool). */
  private int busyBackendConnections() {
    return proxy.server.metrics().upstreamOpen.get() - proxy.server.metrics().pooledIdle.get();
  }

  @Test
  void aClientThatStopsReadingAResponseIsClosedAfterTheIdleTimeoutAndItsBackendConnectionIsClosed()
      throws Exception {
    gateway = new GatewayBackend(BACKEND_NAME).start(0);
    proxy = RunningProxy.start(dir, gateway, "--idle-timeout", "1s", "--access-log", "false");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
    long size = 1L << 30; // far more than every socket buffer on the way holds
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      c.send("GET /download?bytes=" + size + " HTTP/1.1\r\n" + H + "\r\n"); // and never read
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> proxy.server.metrics().inFlight.get() == 0);
      assertThat(busyBackendConnections()).isZero();
      assertThat(proxy.server.metrics().pooledIdle.get())
          .as("the half-sent download's connection")
          .isZero();
      // what was buffered still arrives, then the connection ends short of the body
      long[] got = new long[1];
      Throwable t =
          catchThrowable(
              () ->
                  c.read(
                      new OutputStream() {
                        @Override
                        public void write(int b) {
                          got[0]++;
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                          got[0] += len;
                        }
                      }));
      assertThat(t).isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
      assertThat(got[0]).isLessThan(size);
    }
  }

  @Test
  void anHttp2StreamWhoseClientStopsReadingIsResetWhilePingsKeepTheConnectionOpen()
      throws Exception {
    gateway = new GatewayBackend(BACKEND_NAME).start(0);
    proxy = RunningProxy.start(dir, gateway, "--idle-timeout", "1s", "--access-log", "false");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
    try (RawH2 c = RawH2.connect(proxy.port())) {
      // no WINDOW_UPDATE ever: the proxy can send 64 KiB of the 10 MB, then its writes wait
      c.headers(1, RawH2.request("GET", "/download?bytes=10000000"), true);
      RawH2.Frame reset = null;
      for (int i = 0; i < 40 && reset == null; i++) { // at most 40 x 250 ms
        c.rawFrame(Http2FrameTypes.PING, 0, 0, io.netty.buffer.Unpooled.buffer(8).writeLong(i));
        reset = c.await(f -> f.is(Http2FrameTypes.RST_STREAM, 1), 250);
      }
      assertThat(reset).as("stream reset").isNotNull();
      assertThat(c.frames).noneMatch(f -> f.type() == Http2FrameTypes.GO_AWAY);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> busyBackendConnections() == 0);
    assertThat(proxy.server.metrics().inFlight.get()).isZero();
  }

  @Test
  void aBackendThatStallsMidBodyAbortsTheClientResponseAndItsConnectionIsNeverReused()
      throws Exception {
    startScripted("--response-timeout", "1s", "--access-log", "false");
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      c.socket.setSoTimeout(10000);
      Throwable t = catchThrowable(() -> c.get("/midbody/1", PUBLIC_NAME));
      assertThat(t)
          .as("the client response is aborted, not left hanging")
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(SocketTimeoutException.class);
    }
    int stalledOn =
        scripted.seen.stream()
            .filter(s -> s.requestLine().contains("/midbody/1"))
            .findFirst()
            .orElseThrow()
            .connection();
    await().atMost(Duration.ofSeconds(5)).until(() -> scripted.ended.contains(stalledOn));
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      assertThat(c.get("/after-midbody", PUBLIC_NAME).status()).isEqualTo(200);
    }
    int nextOn =
        scripted.seen.stream()
            .filter(s -> s.requestLine().contains("/after-midbody"))
            .findFirst()
            .orElseThrow()
            .connection();
    assertThat(nextOn).isNotEqualTo(stalledOn);
    assertThat(Admin.get(proxy.adminPort(), "/metrics").body())
        .containsPattern(
            "regionaledge_proxy_upstream_errors_total\\{cause=\"response_timeout\"\\} 1");
  }

  @Test
  void anHttp2StreamWhoseBackendStallsMidBodyIsReset() throws Exception {
    startScripted("--response-timeout", "1s", "--access-log", "false");
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/midbody/h2"), true);
      assertThat(c.status(1, 5000)).isEqualTo(200);
      assertThat(c.await(f -> f.is(Http2FrameTypes.RST_STREAM, 1), 10000))
          .as(c.frames.toString())
          .isNotNull();
      assertThat(c.frames).noneMatch(f -> f.is(Http2FrameTypes.DATA, 1) && f.endStream());
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> busyBackendConnections() == 0);
  }

  @Test
  void aBackendThatStopsReadingTheRequestBodyGivesA504AndItsConnectionIsClosed() throws Exception {
    startScripted("--response-timeout", "1s", "--access-log", "false");
    long size = 1L << 30;
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      c.socket.setSoTimeout(10000);
      c.send("POST /noread HTTP/1.1\r\n" + H + "Content-Length: " + size + "\r\n\r\n");
      Thread uploader =
          new Thread(
              () -> {
                byte[] chunk = new byte[65536];
                try {
                  for (long sent = 0; sent < size; sent += chunk.length) {
                    c.output().write(chunk);
                  }
                } catch (IOException e) {
                  // the proxy answered and closed: expected
                }
              },
              "uploader");
      uploader.setDaemon(true);
      uploader.start();
      RawHttps.Response r = c.read();
      assertThat(r).isNotNull();
      assertThat(r.status()).isEqualTo(504);
      assertThat(r.text()).contains("request body");
      assertThat(c.closedByPeer()).isTrue();
      c.close();
      uploader.join(5000);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> busyBackendConnections() == 0);
    assertThat(proxy.server.metrics().pooledIdle.get()).isZero();
  }

  @Test
  void anHttp2UploadTheBackendStopsReadingGetsA504AndTheStreamIsReset() throws Exception {
    startScripted("--response-timeout", "1s", "--access-log", "false");
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("POST", "/noread/h2"), false);
      // send as much as the proxy's flow-control windows allow, until it answers (bounded: 15 s)
      byte[] chunk = new byte[16384];
      long streamCredit = ProxyServer.STREAM_WINDOW;
      long connectionCredit = 65535;
      int seen = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline
          && c.await(f -> f.is(Http2FrameTypes.HEADERS, 1), 100) == null) {
        for (; seen < c.frames.size(); seen++) {
          RawH2.Frame f = c.frames.get(seen);
          if (f.type() == Http2FrameTypes.WINDOW_UPDATE) {
            if (f.stream() == 0) {
              connectionCredit += f.error();
            } else if (f.stream() == 1) {
              streamCredit += f.error();
            }
          }
        }
        while (Math.min(streamCredit, connectionCredit) >= chunk.length) {
          c.data(1, chunk, false);
          streamCredit -= chunk.length;
          connectionCredit -= chunk.length;
        }
      }
      assertThat(c.status(1, 10000)).as(c.frames.toString()).isEqualTo(504);
      assertThat(c.await(f -> f.is(Http2FrameTypes.RST_STREAM, 1), 5000))
          .as(c.frames.toString())
          .isNotNull();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> busyBackendConnections() == 0);
  }
}
