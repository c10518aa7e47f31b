package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.list;
import static io.regionaledge.operator.dns.Edges.ready;
import static io.regionaledge.operator.dns.Edges.unready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.pki.Leaf;
import io.regionaledge.testkit.pki.TestCa;
import io.regionaledge.testkit.route53.RecordSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The record tree routes for real: the simulator probes stand-in proxies (HTTPS servers on their
 * own loopback addresses answering the health path) and resolves per client region.
 */
class FailoverIT {
  static final String HOST = "fast.example.com";
  final List<StandIn> standIns = new ArrayList<>();
  SimWorld world;

  /**
   * A proxy instance as Route53 sees it: TLS for the public name, 200 on the health path while
   * healthy.
   */
  static final class StandIn {
    final HttpsServer server;
    final AtomicBoolean healthy = new AtomicBoolean(true);
    final String address;

    StandIn(String address, int port, Leaf cert) {
      this.address = address;
      try {
        server = HttpsServer.create(new InetSocketAddress(address, port), 16);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + address + ":" + port, e);
      }
      server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
      server.createContext(
          "/.well-known/regionaledge/health",
          ex -> {
            byte[] body = (healthy.get() ? "ok" : "draining").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(healthy.get() ? 200 : 503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
          });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }
  }

  @AfterEach
  void stop() {
    standIns.forEach(s -> s.server.stop(0));
    if (world != null) world.close();
  }

  @Test
  void aUsEast1ClientGetsAUsEast1InstanceAndFailsOverToEuWest1WhenItsChecksFail() {
    Leaf cert = TestCa.create("failover-ca").issue(HOST);
    StandIn first = new StandIn("127.0.2.1", 0, cert);
    standIns.add(first);
    int port = first.port();
    standIns.add(new StandIn("127.0.2.2", port, cert));
    standIns.add(new StandIn("127.0.3.1", port, cert));

    world =
        new SimWorld(
            SimWorld.simulator()
                .healthCheckIntervalScale(0.005)
                .probeTimeout(Duration.ofMillis(500)));
    RegionalEdge edge = world.edge("fast", HOST, "us-east-1", "eu-west-1");
    edge.getSpec().getExposure().setPort(port);
    Route53DnsSync us = world.operator();
    Route53DnsSync eu = world.operator();
    List<InstanceStatus> usInstances = list(ready("us-a", "127.0.2.1"), ready("us-b", "127.0.2.2"));
    List<InstanceStatus> euInstances = list(ready("eu-a", "127.0.3.1"));
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                us.sync(edge, "us-east-1", usInstances).synced()
                    & eu.sync(edge, "eu-west-1", euInstances).synced());

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                world.sim.healthChecks().stream()
                    .allMatch(h -> world.sim.lastProbe(h.id()).isPresent()));
    assertThat(world.sim.healthChecks())
        .allSatisfy(h -> assertThat(world.sim.isHealthy(h.id())).isTrue());
    for (int i = 0; i < 10; i++) {
      assertThat(world.sim.resolve("us-east-1", HOST).addresses())
          .singleElement()
          .isIn("127.0.2.1", "127.0.2.2");
      assertThat(world.sim.resolve("eu-west-1", HOST).addresses()).containsExactly("127.0.3.1");
    }

    // one us-east-1 proxy fails its checks: Route53 alone routes around it
    standIns.get(0).healthy.set(false);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !world.sim.isHealthy(checkOf("127.0.2.1")));
    for (int i = 0; i < 10; i++) {
      assertThat(world.sim.resolve("us-east-1", HOST).addresses()).containsExactly("127.0.2.2");
    }

    // the whole region fails: us-east-1 clients go to eu-west-1, without any write
    world.sim.counters().reset();
    standIns.get(1).healthy.set(false);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> world.sim.resolve("us-east-1", HOST).addresses().equals(List.of("127.0.3.1")));
    assertThat(us.sync(edge, "us-east-1", usInstances).synced()).isTrue();
    assertThat(world.sim.counters().writes()).isZero();

    // and come back when it recovers
    standIns.get(0).healthy.set(true);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> world.sim.resolve("us-east-1", HOST).addresses().equals(List.of("127.0.2.1")));
  }

  @Test
  void
      anAllRegionsUnreadyBlipNeverLeavesTheNameWithoutAnAnswerAndReadinessComesBackWithinSeconds() {
    Leaf cert = TestCa.create("blip-ca").issue(HOST);
    StandIn first = new StandIn("127.0.2.1", 0, cert);
    standIns.add(first);
    int port = first.port();
    standIns.add(new StandIn("127.0.3.1", port, cert));
    world =
        new SimWorld(
            SimWorld.simulator()
                .healthCheckIntervalScale(0.005)
                .probeTimeout(Duration.ofMillis(500)));
    RegionalEdge edge = world.edge("fast", HOST, "us-east-1", "eu-west-1");
    edge.getSpec().getExposure().setPort(port);
    Route53DnsSync us = world.operator();
    Route53DnsSync eu = world.operator();
    List<InstanceStatus> usReady = list(ready("us-a", "127.0.2.1"));
    List<InstanceStatus> euReady = list(ready("eu-a", "127.0.3.1"));
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                us.sync(edge, "us-east-1", usReady).synced()
                    & eu.sync(edge, "eu-west-1", euReady).synced());
    assertThat(world.sim.resolve("us-east-1", HOST).addresses()).containsExactly("127.0.2.1");

    // a readiness blip everywhere (the proxies still answer their health checks): us-east-1 goes
    // unready first and withdraws, since eu-west-1 answers; then eu-west-1 goes unready, finds
    // itself the last latency record, and keeps it with its instance bound to its health check
    List<Answered> seen = new java.util.ArrayList<>();
    Runnable look =
        () -> {
          seen.add(new Answered("us-east-1", world.sim.resolve("us-east-1", HOST).addresses()));
          seen.add(new Answered("eu-west-1", world.sim.resolve("eu-west-1", HOST).addresses()));
        };
    var usUnready = us.sync(edge, "us-east-1", list(unready("us-a", "127.0.2.1")));
    look.run();
    var euUnready = eu.sync(edge, "eu-west-1", list(unready("eu-a", "127.0.3.1")));
    look.run();
    assertThat(usUnready.message()).contains("latency record withdrawn");
    assertThat(euUnready.message()).contains("latency record kept");
    for (int i = 0; i < 20; i++) {
      look.run();
      assertThat(us.sync(edge, "us-east-1", list(unready("us-a", "127.0.2.1"))).message())
          .contains("withdrawn");
      assertThat(eu.sync(edge, "eu-west-1", list(unready("eu-a", "127.0.3.1"))).message())
          .contains("kept");
    }
    assertThat(world.at(HOST)).extracting(RecordSet::setIdentifier).containsExactly("eu-west-1");
    assertThat(seen)
        .allSatisfy(
            a ->
                assertThat(a.addresses())
                    .as("answer for a client in " + a.client())
                    .containsExactly("127.0.3.1"));

    // the blip ends: us-east-1 clients are served by us-east-1 again at the next sync
    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              us.sync(edge, "us-east-1", usReady);
              eu.sync(edge, "eu-west-1", euReady);
              look.run();
              return world.sim.resolve("us-east-1", HOST).addresses().equals(List.of("127.0.2.1"));
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(seen).allSatisfy(a -> assertThat(a.addresses()).isNotEmpty());
    assertThat(world.sim.resolve("eu-west-1", HOST).addresses()).containsExactly("127.0.3.1");
  }

  record Answered(String client, List<String> addresses) {}

  String checkOf(String ip) {
    return world.sim.healthChecks().stream()
        .filter(h -> ip.equals(h.config().ipAddress()))
        .findFirst()
        .orElseThrow()
        .id();
  }
}
