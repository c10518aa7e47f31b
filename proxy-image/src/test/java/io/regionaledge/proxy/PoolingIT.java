package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolingIT {
  @TempDir Path dir;
  GatewayBackend backend;
  RunningProxy proxy;

  @BeforeEach
  void start() throws Exception {
    backend = new GatewayBackend(BACKEND_NAME).start(0);
    proxy = RunningProxy.start(dir, backend, "--access-log", "false");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
  }

  @Test
  void theBackendSeesFarFewerConnectionsThanRequests() throws Exception {
    int connectionsBefore = backend.connections.get();
    List<RawHttps> clients = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      clients.add(RawHttps.connect(proxy.port(), PUBLIC_NAME));
    }
    try {
      for (int round = 0; round < 20; round++) {
        for (RawHttps c : clients) {
          assertThat(c.get("/pooled/" + round, PUBLIC_NAME).status()).isEqualTo(200);
        }
      }
    } finally {
      clients.forEach(RawHttps::close);
    }
    // 200 requests; sequential, so a handful of pooled connections (plus readiness probes) suffice
    int proxied = backend.connections.get() - connectionsBefore;
    assertThat(backend.completed.stream().filter(u -> u.contains("/pooled/")).count())
        .isEqualTo(200);
    assertThat(proxied).isLessThan(20);
    String metrics = Admin.get(proxy.adminPort(), "/metrics").body();
    assertThat(metrics)
        .containsPattern("regionaledge_proxy_requests_total\\{class=\"2xx\"\\} 2\\d\\d")
        .contains("regionaledge_proxy_request_duration_seconds_bucket")
        .contains("regionaledge_proxy_upstream_pool_idle")
        .contains("regionaledge_proxy_open_connections")
        .contains("regionaledge_proxy_upstream_errors_total{cause=\"reset\"}");
  }

  @Test
  void anIdempotentRequestThatMeetsAStalePooledConnectionIsRetriedOnce() throws Exception {
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      assertThat(c.get("/warm", PUBLIC_NAME).status()).isEqualTo(200);
      backend.dropNextReusedRequest.set(true);
      RawHttps.Response r = c.get("/after-stale", PUBLIC_NAME);
      assertThat(r.status()).isEqualTo(200);
      assertThat(backend.dropNextReusedRequest.get()).isFalse();
    }
  }

  @Test
  void aPostThatMeetsAStalePooledConnectionIsNotRetried() throws Exception {
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      assertThat(c.get("/warm", PUBLIC_NAME).status()).isEqualTo(200);
      backend.dropNextReusedRequest.set(true);
      RawHttps.Response r =
          c.send(
                  "POST /order HTTP/1.1\r\nHost: "
                      + PUBLIC_NAME
                      + "\r\nContent-Length: 5\r\n\r\nhello")
              .read();
      assertThat(r.status()).isEqualTo(502);
      assertThat(backend.completed).doesNotContain("POST /order");
    }
  }
}
