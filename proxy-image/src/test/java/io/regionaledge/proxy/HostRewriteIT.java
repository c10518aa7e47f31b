package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRewriteIT {
  @TempDir static Path dir;
  static GatewayBackend backend;
  static RunningProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    backend = new GatewayBackend(BACKEND_NAME).start(0);
    proxy = RunningProxy.start(dir, backend);
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
  void theBackendRefusesThePublicNameDirectly() throws Exception {
    assertThatThrownBy(() -> RawHttps.connect(backend.port(), PUBLIC_NAME))
        .isInstanceOf(SSLException.class);
    try (RawHttps c = RawHttps.connect(backend.port(), BACKEND_NAME)) {
      RawHttps.Response r = c.get("/app.js", PUBLIC_NAME);
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.text()).isEqualTo("{\"message\":\"Forbidden\"}");
    }
  }

  @Test
  void throughTheProxyThePublicNameReachesTheBackendWithItsOwnHostAndSni() throws Exception {
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      RawHttps.Response r = c.get("/app.js", PUBLIC_NAME);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).contains("hello from " + BACKEND_NAME);
      assertThat(r.header("x-echo-host")).isEqualTo(BACKEND_NAME);
      assertThat(r.header("x-echo-sni")).isEqualTo(BACKEND_NAME);
    }
  }

  @Test
  void forwardedHeadersCarryTheClientAddressSchemeAndOriginalHost() throws Exception {
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      RawHttps.Response r =
          c.send(
                  "GET /x HTTP/1.1\r\nHost: "
                      + PUBLIC_NAME
                      + "\r\nX-Forwarded-For: 203.0.113.9\r\n"
                      + "X-Forwarded-Proto: http\r\nX-Forwarded-Host: spoofed.example.org\r\n\r\n")
              .read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-echo-xff")).isEqualTo("203.0.113.9, 127.0.0.1");
      assertThat(r.header("x-echo-xfp")).isEqualTo("https");
      assertThat(r.header("x-echo-xfh")).isEqualTo(PUBLIC_NAME);
    }
  }

  @Test
  void theClientCannotChooseTheUpstreamWithAnAbsoluteUriOrAnotherHost() throws Exception {
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      RawHttps.Response r =
          c.send(
                  "GET https://evil.example.org:8443/steal?x=1 HTTP/1.1\r\nHost: evil.example.org\r\n\r\n")
              .read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-echo-uri")).isEqualTo("/steal?x=1");
      assertThat(r.header("x-echo-host")).isEqualTo(BACKEND_NAME);
      RawHttps.Response other = c.get("/y", "other.example.com");
      assertThat(other.status()).isEqualTo(200);
      assertThat(other.header("x-echo-host")).isEqualTo(BACKEND_NAME);
    }
  }

  @Test
  void plainHttpOnTheTlsPortIsNotServed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              ("GET /plain-marker HTTP/1.1\r\nHost: " + PUBLIC_NAME + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[256];
      int n;
      try {
        n = s.getInputStream().read(buf);
      } catch (IOException reset) {
        n = -1;
      }
      String answer = n > 0 ? new String(buf, 0, n, StandardCharsets.ISO_8859_1) : "";
      assertThat(answer).doesNotStartWith("HTTP/1.1 200");
    }
    assertThat(backend.sawAnyUriContaining("plain-marker")).isFalse();
  }

  @Test
  void theHealthPathIsAnsweredByTheProxyItself() throws Exception {
    int before = backend.heads.size();
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      RawHttps.Response r = c.get("/.well-known/regionaledge/health", PUBLIC_NAME);
      assertThat(r.status()).isEqualTo(200);
    }
    assertThat(backend.sawAnyUriContaining("/.well-known/regionaledge/health")).isFalse();
    assertThat(backend.heads.size()).isEqualTo(before);
  }

  @Test
  void everyRequestGetsOneJsonAccessLogLine() throws Exception {
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      assertThat(c.get("/logged-marker", PUBLIC_NAME).status()).isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.accessLog().contains("/logged-marker"));
    String line =
        proxy
            .accessLog()
            .lines()
            .filter(l -> l.contains("/logged-marker"))
            .findFirst()
            .orElseThrow();
    assertThat(line)
        .startsWith("{")
        .endsWith("}")
        .contains("\"status\":200")
        .contains("\"method\":\"GET\"")
        .contains("\"client\":\"127.0.0.1\"");
  }
}
