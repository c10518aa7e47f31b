package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Http2DrainIT {
  @TempDir Path dir;

  @Test
  void drainingLetsOpenHttp2StreamsFinishOnTheSameConnection() throws Exception {
    try (GatewayBackend backend = new GatewayBackend(BACKEND_NAME).start(0);
        RunningProxy proxy =
            RunningProxy.start(
                dir, backend, "--drain-grace-period", "300ms", "--drain-timeout", "10s")) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_2)
              .sslContext(TestPki.clientContext())
              .build();
      List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        streams.add(
            client.sendAsync(
                HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + proxy.port() + "/slow?ms=1500&s=" + i))
                    .timeout(Duration.ofSeconds(15))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.heads.size() >= 10);

      CompletableFuture<Void> drained = CompletableFuture.runAsync(proxy.server::drain);
      await().atMost(Duration.ofSeconds(1)).until(() -> !proxy.server.readiness().ready());
      for (CompletableFuture<HttpResponse<String>> f : streams) {
        HttpResponse<String> r = f.get(15, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      }
      drained.get(15, TimeUnit.SECONDS);
      assertThat(proxy.server.metrics().inFlight.get()).isZero();
    }
  }
}
