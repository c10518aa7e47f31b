package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitsIT {
  @TempDir static Path dir;
  static GatewayBackend backend;
  static RunningProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    backend = new GatewayBackend(BACKEND_NAME).start(0);
    proxy = RunningProxy.start(dir, backend, "--max-connections", "3", "--access-log", "false");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
  }

  @AfterAll
  static void stop() {
    proxy.close();
    backend.close();
  }

  /**
   * True when a new connection over the limit gets no HTTP response (handshake refused or closed
   * after it).
   */
  private static boolean refused() {
    try (RawHttps d = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      return d.get("/over", PUBLIC_NAME) == null;
    } catch (java.io.IOException e) {
      return true;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void connectionsThatNeverSendAClientHelloDoNotCountAgainstTheLimit() throws Exception {
    java.util.List<java.net.Socket> silent = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        java.net.Socket s = new java.net.Socket();
        s.connect(new java.net.InetSocketAddress("127.0.0.1", proxy.port()), 5000);
        silent.add(s);
      }
      try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
        assertThat(c.get("/after-silent", PUBLIC_NAME).status()).isEqualTo(200);
      }
    } finally {
      for (java.net.Socket s : silent) {
        s.close();
      }
    }
  }

  @Test
  void connectionsBeyondTheLimitAreRefusedAndServedAgainOnceOthersClose() throws Exception {
    RawHttps a = RawHttps.connect(proxy.port(), PUBLIC_NAME);
    RawHttps b = RawHttps.connect(proxy.port(), PUBLIC_NAME);
    RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME);
    try {
      // counted after its TLS handshake, a connection over the limit is closed then: no response
      assertThat(refused()).isTrue();
      assertThat(a.get("/within", PUBLIC_NAME).status()).isEqualTo(200);
    } finally {
      a.close();
      b.close();
      c.close();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              try (RawHttps again = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
                assertThat(again.get("/again", PUBLIC_NAME).status()).isEqualTo(200);
              }
            });
    assertThat(backend.sawAnyUriContaining("/over")).isFalse();
  }

  @Test
  void expectContinueIsRelayedSoTheClientSendsItsBodyOnlyWhenTheBackendAgrees() throws Exception {
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      c.send(
          "POST /continue HTTP/1.1\r\nHost: "
              + PUBLIC_NAME
              + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      RawHttps.Response interim = c.read();
      assertThat(interim.status()).isEqualTo(100);
      RawHttps.Response r = c.send("hello").read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-echo-body-bytes")).isEqualTo("5");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      String h = " HTTP/1.1\r\nHost: " + PUBLIC_NAME + "\r\n\r\n";
      c.send("GET /p1" + h + "GET /.well-known/regionaledge/health" + h + "GET /p3" + h);
      assertThat(c.read().header("x-echo-uri")).isEqualTo("/p1");
      RawHttps.Response health = c.read();
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.header("x-echo-uri")).isNull();
      assertThat(c.read().header("x-echo-uri")).isEqualTo("/p3");
    }
  }

  @Test
  void headRequestsGetHeadersWithoutABody() throws Exception {
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      c.send("HEAD /head HTTP/1.1\r\nHost: " + PUBLIC_NAME + "\r\n\r\n");
      // read the head only: a body here would be taken for the next response's status line
      RawHttps.Response r =
          c.read(
              new java.io.ByteArrayOutputStream() {
                @Override
                public void write(byte[] b, int off, int len) {
                  throw new AssertionError("HEAD response carried a body");
                }
              },
              true);
      assertThat(r.status()).isEqualTo(200);
      assertThat(c.get("/after-head", PUBLIC_NAME).status()).isEqualTo(200);
    }
  }
}
