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

/**
 * The backend name looked up by the proxy's own asynchronous resolver, pointed (--dns-server) at a
 * DNS server in this test. Backends listen on distinct loopback addresses with one port, as API
 * Gateway's addresses do on 443.
 */
class BackendDnsIT {
  @TempDir Path dir;
  LoopbackDns dns;
  GatewayBackend first;
  GatewayBackend second;
  RunningProxy proxy;
  int port;

  @BeforeEach
  void start() throws Exception {
    dns = new LoopbackDns();
    first = new GatewayBackend(BACKEND_NAME).start("127.0.0.3", 0);
    port = first.port();
    second = new GatewayBackend(BACKEND_NAME).start("127.0.0.4", port);
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    first.close();
    second.close();
    dns.close();
  }

  private void startProxy(String... extra) throws Exception {
    Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--dns-server",
                "127.0.0.1:" + dns.port(),
                "--access-log",
                "false",
                "--connect-timeout",
                "1s"));
    flags.addAll(List.of(extra));
    proxy =
        RunningProxy.start(
            cert,
            dir.resolve("public.key"),
            BACKEND_NAME + ":443",
            BACKEND_NAME + ":" + port,
            TestPki.writeCa(dir),
            flags.toArray(String[]::new));
  }

  private void awaitReady() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
  }

  @Test
  void theNameIsLookedUpAbsoluteWithoutSearchDomains() throws Exception {
    dns.answer(BACKEND_NAME, "127.0.0.3");
    startProxy();
    awaitReady();
    assertThat(dns.questions).isNotEmpty().allMatch(q -> q.equals(BACKEND_NAME + "."));
  }

  @Test
  void whenTheFirstAddressRefusesConnectionsEveryRequestIsServedByTheNext() throws Exception {
    // 127.0.0.2 has nothing listening on the port: connection refused
    dns.answer(BACKEND_NAME, "127.0.0.2", "127.0.0.3");
    // every backend connection retires after one use, so each request makes a new one, and the new
    // ones
    // start at each address in turn
    startProxy("--backend-max-connection-age", "1ms");
    awaitReady();
    int before = first.connections.get();
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      for (int i = 0; i < 10; i++) {
        assertThat(c.get("/fallback/" + i, PUBLIC_NAME).status()).isEqualTo(200);
      }
    }
    assertThat(first.completed.stream().filter(u -> u.contains("/fallback/")).count())
        .isEqualTo(10);
    assertThat(first.connections.get() - before).isGreaterThanOrEqualTo(10);
    assertThat(Admin.status(proxy.adminPort(), "/readyz")).isEqualTo(200);
  }

  @Test
  void aChangedAnswerIsFollowedWithinTheTtlCapAndBusyOldConnectionsRetireByAge() throws Exception {
    dns.answer(BACKEND_NAME, "127.0.0.3"); // with a TTL of 300 s, capped by the proxy at 1 s
    startProxy("--dns-max-ttl", "1s", "--backend-max-connection-age", "2s");
    awaitReady();
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      assertThat(c.get("/before", PUBLIC_NAME).status()).isEqualTo(200);
      assertThat(first.sawAnyUriContaining("/before")).isTrue();
      dns.answer(BACKEND_NAME, "127.0.0.4");
      // one client keeps its pooled backend connection busy: without a maximum age it would stay on
      // the
      // old address for as long as it is used
      int[] n = {0};
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                assertThat(c.get("/after/" + n[0]++, PUBLIC_NAME).status()).isEqualTo(200);
                return first.openConnections() == 0 && second.sawAnyUriContaining("/after/");
              });
      int sentFirst = (int) first.heads.stream().filter(h -> h.contains("/after/")).count();
      assertThat(c.get("/last", PUBLIC_NAME).status()).isEqualTo(200);
      assertThat(second.sawAnyUriContaining("/last")).isTrue();
      assertThat(first.heads.stream().filter(h -> h.contains("/after/")).count())
          .isEqualTo(sentFirst);
    }
  }

  @Test
  void aResolverThatNeverAnsweredGivesA502NamingTheDnsLookup() throws Exception {
    dns.silent = true;
    startProxy();
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      RawHttps.Response r = c.get("/no-dns", PUBLIC_NAME);
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.text()).contains("DNS lookup of " + BACKEND_NAME + ". failed");
    }
    assertThat(Admin.get(proxy.adminPort(), "/metrics").body())
        .containsPattern("regionaledge_proxy_upstream_errors_total\\{cause=\"dns\"\\} [1-9]");
    assertThat(first.sawAnyUriContaining("/no-dns")).isFalse();
  }

  @Test
  void aResolverThatStopsAnsweringLeavesTheProxyReadyOnItsLastAnswer() throws Exception {
    dns.answer(BACKEND_NAME, "127.0.0.3");
    // a lookup per new connection once the 1 s cap passed; each connection used once
    startProxy("--dns-max-ttl", "1s", "--backend-max-connection-age", "1ms");
    awaitReady();
    dns.silent = true;
    int asked = dns.questions.size();
    try (RawHttps c = RawHttps.connect(proxy.port(), PUBLIC_NAME)) {
      for (int i = 0; i < 6; i++) {
        assertThat(c.get("/stale/" + i, PUBLIC_NAME).status()).isEqualTo(200);
        assertThat(Admin.status(proxy.adminPort(), "/readyz")).isEqualTo(200);
        Thread.sleep(300);
      }
    }
    assertThat(dns.questions.size())
        .as("lookups were tried and went unanswered")
        .isGreaterThan(asked);
    assertThat(first.completed.stream().filter(u -> u.contains("/stale/")).count()).isEqualTo(6);
  }
}
