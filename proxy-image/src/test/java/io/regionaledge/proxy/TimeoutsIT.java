package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeoutsIT {
  @TempDir Path dir;
  GatewayBackend backend;
  RunningProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private void start(String... flags) throws Exception {
    backend = new GatewayBackend(BACKEND_NAME).start(0);
    proxy = RunningProxy.start(dir, backend, flags);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
  }

  @Test
  void slowClientsAreCutOffAfterTheHeaderTimeoutWhileANormalRequestIsServedPromptly()
      throws Exception {
    start("--request-header-timeout", "1s", "--access-log", "false");
    List<RawHttps> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME);
        c.send(
            "GET /slowloris HTTP/1.1\r\nHost: " + PUBLIC_NAME + "\r\nX-Part: "); // never finishes
        slow.add(c);
      }
      long t0 = System.nanoTime();
      try (RawHttps normal = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
        assertThat(normal.get("/normal", PUBLIC_NAME).status()).isEqualTo(200);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
      long start = System.nanoTime();
      for (RawHttps c : slow) {
        c.socket.setSoTimeout(5000);
        assertThat(c.closedByPeer()).isTrue();
      }
      Duration all = Duration.ofNanos(System.nanoTime() - start);
      assertThat(all).isLessThan(Duration.ofSeconds(5));
    } finally {
      slow.forEach(RawHttps::close);
    }
    assertThat(backend.sawAnyUriContaining("slowloris")).isFalse();
  }

  @Test
  void aClientThatStallsMidBodyIsCutOffAfterTheIdleTimeout() throws Exception {
    start("--idle-timeout", "1s", "--access-log", "false");
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      c.send(
          "POST /stalled HTTP/1.1\r\nHost: "
              + PUBLIC_NAME
              + "\r\nContent-Length: 100\r\n\r\n0123456789");
      long t0 = System.nanoTime();
      c.socket.setSoTimeout(6000);
      assertThat(c.closedByPeer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isBetween(Duration.ofMillis(800), Duration.ofSeconds(5));
    }
    assertThat(backend.completed).noneMatch(u -> u.contains("/stalled"));
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.server.metrics().inFlight.get() == 0);
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    start("--idle-timeout", "1s", "--access-log", "false");
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      assertThat(c.get("/once", PUBLIC_NAME).status()).isEqualTo(200);
      long t0 = System.nanoTime();
      c.socket.setSoTimeout(6000);
      assertThat(c.closedByPeer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isBetween(Duration.ofMillis(800), Duration.ofSeconds(5));
    }
  }

  @Test
  void aDownBackendGivesA502Fast() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
    proxy =
        RunningProxy.start(
            cert,
            dir.resolve("public.key"),
            BACKEND_NAME,
            "127.0.0.1:" + closedPort,
            TestPki.writeCa(dir),
            "--connect-timeout",
            "3s");
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      long t0 = System.nanoTime();
      RawHttps.Response r = c.get("/down", PUBLIC_NAME);
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.text()).contains("bad gateway").hasSizeLessThan(300);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
      // the client connection survives a 502 to a bodyless request
      assertThat(c.get("/down-again", PUBLIC_NAME).status()).isEqualTo(502);
    }
    assertThat(Admin.get(proxy.adminPort(), "/metrics").body())
        .containsPattern(
            "regionaledge_proxy_upstream_errors_total\\{cause=\"connect_refused\"\\} [2-9]");
    assertThat(Admin.status(proxy.adminPort(), "/readyz")).isEqualTo(503);
  }

  @Test
  void aSilentBackendGivesA504AfterTheResponseTimeout() throws Exception {
    start("--response-timeout", "1s");
    backend.silent = true;
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      long t0 = System.nanoTime();
      RawHttps.Response r = c.get("/silent", PUBLIC_NAME);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(r.status()).isEqualTo(504);
      assertThat(r.text()).contains("gateway timeout");
      assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.accessLog().contains("/silent"));
    assertThat(proxy.accessLog()).contains("\"status\":504").contains("no response within 1s");
  }
}
