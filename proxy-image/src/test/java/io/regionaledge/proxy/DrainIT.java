package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static io.regionaledge.proxy.TestPki.PUBLIC_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainIT {
  @TempDir Path dir;

  @Test
  void sigtermTurnsUnreadyKeepsServingAndFinishesEveryInFlightRequest() throws Exception {
    int inFlight = 20;
    ExecutorService clients = Executors.newFixedThreadPool(inFlight);
    try (GatewayBackend backend = new GatewayBackend(BACKEND_NAME).start(0)) {
      Path cert = TestPki.write(TestPki.issue(PUBLIC_NAME), dir, "public");
      try (ProxyProcess proxy =
          ProxyProcess.launch(
                  dir,
                  List.of("-Xmx64m"),
                  List.of(
                      "--listen",
                      "127.0.0.1:0",
                      "--admin-listen",
                      "127.0.0.1:0",
                      "--cert",
                      cert.toString(),
                      "--key",
                      dir.resolve("public.key").toString(),
                      "--backend",
                      BACKEND_NAME,
                      "--backend-address",
                      "127.0.0.1:" + backend.port(),
                      "--backend-ca",
                      TestPki.writeCa(dir).toString(),
                      "--backend-probe-interval",
                      "200ms",
                      "--drain-grace-period",
                      "1500ms",
                      "--drain-timeout",
                      "10s"))
              .awaitListening(Duration.ofSeconds(30))) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> Admin.status(proxy.adminPort, "/readyz") == 200);

        List<Future<Integer>> requests = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
          String path = "/slow?ms=3000&n=" + i;
          requests.add(
              clients.submit(
                  () -> {
                    try (RawHttps c = RawHttps.connect(proxy.port, PUBLIC_NAME)) {
                      return c.get(path, PUBLIC_NAME).status();
                    }
                  }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.heads.size() >= inFlight);

        long t0 = System.nanoTime();
        proxy.process.destroy(); // SIGTERM
        await()
            .atMost(Duration.ofSeconds(1))
            .until(() -> Admin.status(proxy.adminPort, "/readyz") == 503);
        // inside the grace period a new connection is still served, and told to go away afterwards
        try (RawHttps late = RawHttps.connect(proxy.port, PUBLIC_NAME)) {
          RawHttps.Response r = late.get("/late", PUBLIC_NAME);
          assertThat(r.status()).isEqualTo(200);
          assertThat(r.header("connection")).isEqualTo("close");
          RawHttps.Response health = null;
          try (RawHttps h = RawHttps.connect(proxy.port, PUBLIC_NAME)) {
            health = h.get("/.well-known/regionaledge/health", PUBLIC_NAME);
          }
          assertThat(health.status()).isEqualTo(503);
        }
        for (Future<Integer> f : requests) {
          assertThat(f.get(15, TimeUnit.SECONDS)).isEqualTo(200);
        }
        int code = proxy.awaitExit(Duration.ofSeconds(15));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(code).as("exit code, stderr: " + proxy.stderrText()).isNotEqualTo(-1);
        assertThat(took).isLessThan(Duration.ofMillis(1500 + 10_000 + 2_000));
        assertThat(proxy.stderrText()).contains("drained: no request in flight");
        assertThat(
                proxy
                    .stdoutText()
                    .lines()
                    .filter(l -> l.contains("/slow?ms=3000") && l.contains("\"status\":200")))
            .hasSize(inFlight);
      }
    } finally {
      clients.shutdownNow();
    }
  }
}
