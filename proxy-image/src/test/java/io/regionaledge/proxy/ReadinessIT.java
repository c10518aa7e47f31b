package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessIT {
  @TempDir Path dir;

  static int healthOverTls(int port) throws Exception {
    try (RawHttps c = RawHttps.connect(port, PUBLIC_NAME)) {
      return c.get("/.well-known/regionaledge/health", PUBLIC_NAME).status();
    }
  }

  @Test
  void readinessFollowsTheBackendAwayAndBack() throws Exception {
    try (GatewayBackend backend = new GatewayBackend(BACKEND_NAME).start(0);
        RunningProxy proxy = RunningProxy.start(dir, backend, "--access-log", "false")) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
      assertThat(healthOverTls(proxy.port())).isEqualTo(200);
      assertThat(Admin.status(proxy.adminPort(), "/healthz")).isEqualTo(200);

      int port = backend.port();
      backend.stop();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 503);
      assertThat(healthOverTls(proxy.port())).isEqualTo(503);
      assertThat(Admin.get(proxy.adminPort(), "/readyz").body()).contains("backend unreachable");
      assertThat(Admin.status(proxy.adminPort(), "/healthz")).isEqualTo(200);

      backend.start(port);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
      assertThat(healthOverTls(proxy.port())).isEqualTo(200);
    }
  }

  @Test
  void aBackendWhoseCertificateIsForAnotherNameIsRefused() throws Exception {
    // it accepts our SNI but its certificate (from a CA we trust) names another host: hostname
    // verification fails
    try (GatewayBackend impostor =
        new GatewayBackend("eu-west-1-fast.example.com", true).start(0)) {
      Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
      try (RunningProxy proxy =
          RunningProxy.start(
              cert,
              dir.resolve("public.key"),
              BACKEND_NAME,
              "127.0.0.1:" + impostor.port(),
              TestPki.writeCa(dir))) {
        Thread.sleep(1000);
        assertThat(Admin.status(proxy.adminPort(), "/readyz")).isEqualTo(503);
        try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
          assertThat(c.get("/x", PUBLIC_NAME).status()).isEqualTo(502);
        }
        assertThat(impostor.heads).isEmpty();
        assertThat(Admin.get(proxy.adminPort(), "/metrics").body())
            .containsPattern("regionaledge_proxy_upstream_errors_total\\{cause=\"tls\"\\} [1-9]");
      }
    }
  }
}
