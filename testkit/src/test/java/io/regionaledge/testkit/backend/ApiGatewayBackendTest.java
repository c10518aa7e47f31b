package io.regionaledge.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regionaledge.testkit.backend.HttpsRequest.Response;
import io.regionaledge.testkit.pki.TestCa;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiGatewayBackendTest {
  private static final String NAME = "us-east-1-fast.example.com";
  private static final TestCa CA = TestCa.create("backend test CA");

  private final HttpsRequest client = new HttpsRequest(CA.clientContext(), Duration.ofSeconds(5));
  private ApiGatewayBackend backend;

  @BeforeEach
  void start() {
    backend =
        new ApiGatewayBackend(
                "us-east-1", NAME, new InetSocketAddress("127.0.0.1", 0), CA.issue(NAME))
            .start();
  }

  @AfterEach
  void stop() {
    backend.close();
  }

  @Test
  void itsOwnNameGetsALiveBodyNamingTheRegionThatChangesOnEveryRequest() throws Exception {
    Response first = client.get(backend.address(), NAME, "/bundle.js");
    Response second = client.get(backend.address(), NAME, "/bundle.js");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body())
        .contains("\"region\":\"us-east-1\"")
        .contains("\"path\":\"/bundle.js\"");
    assertThat(first.header("X-Served-Region")).isEqualTo("us-east-1");
    assertThat(second.body()).isNotEqualTo(first.body());
  }

  @Test
  void itEchoesHostSniAndForwardingHeaders() throws Exception {
    Response response =
        client.get(
            backend.address(),
            NAME,
            NAME,
            "/",
            Map.of(
                "X-Forwarded-For",
                "203.0.113.7",
                "X-Forwarded-Proto",
                "https",
                "X-Forwarded-Host",
                "fast.example.com"));

    assertThat(response.header("X-Echo-Host")).isEqualTo(NAME);
    assertThat(response.header("X-Echo-SNI")).isEqualTo(NAME);
    assertThat(response.header("X-Echo-X-Forwarded-For")).isEqualTo("203.0.113.7");
    assertThat(response.header("X-Echo-X-Forwarded-Proto")).isEqualTo("https");
    assertThat(response.header("X-Echo-X-Forwarded-Host")).isEqualTo("fast.example.com");
  }

  @Test
  void theRightSniWithTheWrongHostIsForbidden() throws Exception {
    Response response = client.get(backend.address(), NAME, "fast.example.com", "/", Map.of());

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    assertThat(response.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    assertThat(backend.forbidden()).isEqualTo(1);
  }

  @Test
  void anUnknownSniFailsTheHandshake() {
    // the certificate is for NAME, so verification is off here: the server must refuse by itself
    HttpsRequest trustingClient = new HttpsRequest(CA.clientContext(), Duration.ofSeconds(5));
    assertThatThrownBy(
            () ->
                trustingClient.get(
                    backend.address(), "fast.example.com", "fast.example.com", "/", Map.of()))
        .isInstanceOf(SSLException.class);
    assertThat(backend.requests()).isZero();
  }

  @Test
  void noSniFailsTheHandshake() {
    // the JDK server may just drop the connection instead of sending an alert
    assertThatThrownBy(() -> client.get(backend.address(), null, NAME, "/", Map.of()))
        .isInstanceOfAny(SSLException.class, SocketException.class);
    assertThat(backend.rejectedHandshakes()).isEqualTo(1);
    assertThat(backend.requests()).isZero();
  }

  @Test
  void stoppedItRefusesConnectionsAndStartedAgainItServesOnTheSamePort() throws Exception {
    InetSocketAddress address = backend.address();
    backend.stop();

    assertThatThrownBy(() -> client.get(address, NAME, "/")).isInstanceOf(ConnectException.class);

    backend.start();
    assertThat(backend.address()).isEqualTo(address);
    assertThat(client.get(address, NAME, "/").status()).isEqualTo(200);
  }

  @Test
  void itCountsRequestsAndTlsConnections() throws Exception {
    for (int i = 0; i < 3; i++) {
      client.get(backend.address(), NAME, "/");
    }

    assertThat(backend.requests()).isEqualTo(3);
    assertThat(backend.connections()).isEqualTo(3);
  }

  @Test
  void aSlowBackendHoldsItsAnswerLongerThanAnImpatientClientWaits() {
    backend.setResponseDelay(Duration.ofSeconds(3));
    HttpsRequest impatient = new HttpsRequest(CA.clientContext(), Duration.ofMillis(300));

    assertThatThrownBy(() -> impatient.get(backend.address(), NAME, "/"))
        .isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void aSickBackendAnswersWithTheConfiguredStatus() throws Exception {
    backend.setFailureStatus(503);

    assertThat(client.get(backend.address(), NAME, "/").status()).isEqualTo(503);
  }
}
