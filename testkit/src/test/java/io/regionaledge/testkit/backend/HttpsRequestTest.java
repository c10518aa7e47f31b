package io.regionaledge.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.regionaledge.testkit.pki.TestCa;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpsRequestTest {
  private static final TestCa CA = TestCa.create("client test CA");
  private HttpsServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.setHttpsConfigurator(
        new HttpsConfigurator(CA.issue("chunky.example.com").serverContext()));
    server.createContext(
        "/",
        exchange -> {
          exchange
              .getResponseHeaders()
              .set("X-Host-Seen", exchange.getRequestHeaders().getFirst("Host"));
          exchange.sendResponseHeaders(200, 0); // length 0: chunked
          for (int i = 0; i < 3; i++) {
            exchange.getResponseBody().write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aChunkedBodyIsReassembled() throws Exception {
    HttpsRequest.Response response =
        new HttpsRequest(CA.clientContext(), Duration.ofSeconds(5))
            .get(server.getAddress(), "chunky.example.com", "/");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("part0;part1;part2;");
  }

  @Test
  void theHostHeaderIsSentAsGivenIndependentlyOfTheSni() throws Exception {
    HttpsRequest.Response response =
        new HttpsRequest(CA.clientContext(), Duration.ofSeconds(5))
            .get(
                server.getAddress(), "chunky.example.com", "other.example.com:8443", "/", Map.of());

    assertThat(response.header("X-Host-Seen")).isEqualTo("other.example.com:8443");
  }

  @Test
  void aCertificateForAnotherNameIsRejected() {
    assertThatThrownBy(
            () ->
                new HttpsRequest(CA.clientContext(), Duration.ofSeconds(5))
                    .get(server.getAddress(), "smooth.example.com", "/"))
        .isInstanceOf(SSLHandshakeException.class);
  }
}
