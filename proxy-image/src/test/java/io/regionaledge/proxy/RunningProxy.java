package io.regionaledge.proxy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The proxy started in this JVM through {@link Main#start}, listening on ephemeral loopback ports.
 */
final class RunningProxy implements AutoCloseable {
  final ProxyServer server;
  final Path cert;
  final Path key;
  private final ByteArrayOutputStream out;

  private RunningProxy(ProxyServer server, Path cert, Path key, ByteArrayOutputStream out) {
    this.server = server;
    this.cert = cert;
    this.key = key;
    this.out = out;
  }

  /**
   * Proxy for {@code backend} with a fresh public certificate in {@code dir}; {@code extra} flags
   * win.
   */
  static RunningProxy start(Path dir, GatewayBackend backend, String... extra) throws Exception {
    Path cert = TestPki.write(TestPki.issue(TestPki.PUBLIC_NAME), dir, "public");
    Path key = dir.resolve("public.key");
    return start(
        cert,
        key,
        backend.name + ":443",
        "127.0.0.1:" + backend.port(),
        TestPki.writeCa(dir),
        extra);
  }

  static RunningProxy start(
      Path cert, Path key, String backend, String backendAddress, Path ca, String... extra)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--listen",
                "127.0.0.1:0",
                "--admin-listen",
                "127.0.0.1:0",
                "--cert",
                cert.toString(),
                "--key",
                key.toString(),
                "--backend",
                backend,
                "--backend-address",
                backendAddress,
                "--backend-ca",
                ca.toString(),
                "--backend-probe-interval",
                "200ms",
                "--drain-grace-period",
                "0s"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main.Started s =
        Main.start(
            args.toArray(String[]::new),
            Map.of(),
            new PrintStream(out, true),
            new PrintStream(err, true));
    if (s.server() == null) {
      throw new IllegalStateException(
          "proxy did not start: " + err.toString(StandardCharsets.UTF_8));
    }
    return new RunningProxy(s.server(), cert, key, out);
  }

  int port() {
    return server.port();
  }

  int adminPort() {
    return server.adminPort();
  }

  String accessLog() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
