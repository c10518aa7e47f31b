package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.regionaledge.testkit.backend.ApiGatewayBackend;
import io.regionaledge.testkit.backend.HttpsRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Order(2)
class S2HostAndSniRewriteIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();

  @Test
  void theBackendRefusesThePublicNameWhileThroughTheProxyTheSameRequestSucceeds()
      throws IOException {
    World world = WORLD.world();
    for (Cluster cluster : world.clusters()) {
      ApiGatewayBackend backend = world.backend(cluster.region());
      HttpsRequest direct = new HttpsRequest(world.ca().clientContext(), Duration.ofSeconds(3));

      // what a browser would send, straight to the regional backend: TLS fails on the unknown SNI
      Throwable tls =
          catchThrowable(() -> direct.get(backend.address(), World.HOSTNAME, "/bundle.js"));
      assertThat(tls)
          .as("direct request with SNI " + World.HOSTNAME)
          .isInstanceOf(IOException.class);

      // the backend's own SNI but the public Host: API Gateway's 403
      HttpsRequest.Response forbidden =
          direct.get(backend.address(), backend.hostname(), World.HOSTNAME, "/bundle.js", Map.of());
      assertThat(forbidden.status()).isEqualTo(403);
      assertThat(forbidden.body()).isEqualTo("{\"message\":\"Forbidden\"}");

      // through the region's proxy: served, with Host and SNI rewritten to the backend's name
      RegionClient.Outcome proxied =
          world.client(cluster.region(), World.HOSTNAME, SharedWorld.PORT).get("/bundle.js");
      assertThat(proxied.ok()).as(proxied.toString()).isTrue();
      assertThat(proxied.servedBy()).isEqualTo(cluster.region());
      assertThat(proxied.body()).contains("\"host\":\"" + backend.hostname() + "\"");
    }
  }

  @Test
  void theBackendSeesItsOwnNameInHostAndSniAndThePublicNameInXForwardedHost() throws IOException {
    World world = WORLD.world();
    Cluster cluster = world.clusters().get(0);
    String address =
        cluster.standIn().pods().stream()
            .filter(PodState::ready)
            .findFirst()
            .orElseThrow()
            .nodeAddress();
    HttpsRequest.Response response =
        new HttpsRequest(world.ca().clientContext(), Duration.ofSeconds(3))
            .get(new java.net.InetSocketAddress(address, SharedWorld.PORT), World.HOSTNAME, "/");

    assertThat(response.status()).isEqualTo(200);
    String backendName = world.backend(cluster.region()).hostname();
    assertThat(response.header("X-Echo-Host")).isEqualTo(backendName);
    assertThat(response.header("X-Echo-SNI")).isEqualTo(backendName);
    assertThat(response.header("X-Echo-X-Forwarded-Host")).isEqualTo(World.HOSTNAME);
    assertThat(response.header("X-Echo-X-Forwarded-Proto")).isEqualTo("https");
    assertThat(response.header("X-Echo-X-Forwarded-For")).startsWith("127.");
  }
}
