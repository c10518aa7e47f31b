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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Http2IT {
  @TempDir static Path dir;
  static GatewayBackend backend;
  static RunningProxy proxy;
  static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    backend = new GatewayBackend(BACKEND_NAME).start(0);
    proxy = RunningProxy.start(dir, backend);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .sslContext(TestPki.clientContext())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() {
    proxy.close();
    backend.close();
  }

  @Test
  void anHttp2ClientNegotiatesH2AndReachesTheBackendOverHttp11() throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + proxy.port() + "/h2?q=1"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-echo-host")).hasValue(BACKEND_NAME);
    assertThat(r.headers().firstValue("x-echo-uri")).hasValue("/h2?q=1");
    assertThat(r.headers().firstValue("x-echo-xfh")).hasValue("127.0.0.1:" + proxy.port());
    assertThat(r.headers().firstValue("x-echo-xff")).hasValue("127.0.0.1");
    assertThat(r.body()).contains("hello from");
  }

  @Test
  void manyConcurrentStreamsOnOneConnectionAllSucceed() throws Exception {
    var futures =
        new java.util.ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < 50; i++) {
      futures.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + proxy.port() + "/s/" + i))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (var f : futures) {
      HttpResponse<String> r = f.get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }
  }

  @Test
  void anHttp2UploadIsStreamedToTheBackendAsHttp11() throws Exception {
    byte[] body = new byte[300_000];
    new java.util.Random(7).nextBytes(body);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body);
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + proxy.port() + "/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-echo-body-bytes")).hasValue("300000");
    assertThat(r.headers().firstValue("x-echo-body-crc"))
        .hasValue(Long.toHexString(crc.getValue()));
  }
}
