package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad configuration ends the process with a one-line error and a non-zero code, before anything
 * listens.
 */
class StartupErrorsIT {
  @TempDir Path dir;
  Path cert;
  Path key;

  @BeforeEach
  void certs() throws Exception {
    cert = TestPki.write(TestPki.issue(TestPki.PUBLIC_NAME), dir, "public");
    key = dir.resolve("public.key");
  }

  record Outcome(int code, String err, String out) {}

  Outcome run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main.Started s = Main.start(args, env, new PrintStream(out, true), new PrintStream(err, true));
    if (s.server() != null) {
      s.server().close();
    }
    return new Outcome(
        s.exitCode(), err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
  }

  String[] valid(String... extra) {
    List<String> a =
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
                "us-east-1-fast.example.com",
                "--backend-address",
                "127.0.0.1:9"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  void assertOneLineFailure(Outcome o, String mentions) {
    assertThat(o.code()).isNotZero();
    assertThat(o.err().strip().lines()).hasSize(1);
    assertThat(o.err()).startsWith("regionaledge-proxy: ").contains(mentions);
  }

  @Test
  void anUnknownFlagIsOneLineAndExitCode2() {
    Outcome o = run(Map.of(), valid("--bogus"));
    assertOneLineFailure(o, "--bogus");
    assertThat(o.code()).isEqualTo(2);
  }

  @Test
  void aBadDurationNamesTheFlag() {
    assertOneLineFailure(run(Map.of(), valid("--response-timeout", "soon")), "--response-timeout");
  }

  @Test
  void aMissingBackendIsReported() {
    assertOneLineFailure(
        run(Map.of(), "--cert", cert.toString(), "--key", key.toString()), "--backend");
  }

  @Test
  void anUnreadableCertificateIsReported() {
    Outcome o = run(Map.of(), valid("--cert", dir.resolve("missing.crt").toString()));
    assertOneLineFailure(o, "missing.crt");
  }

  @Test
  void aKeyThatDoesNotMatchTheCertificateIsReported() throws Exception {
    Files.writeString(key, TestPki.issue(TestPki.PUBLIC_NAME).getPrivateKeyPEM());
    assertOneLineFailure(run(Map.of(), valid()), "does not match");
  }

  @Test
  void aKeyFileThatIsNotAKeyIsReported() throws Exception {
    Files.writeString(key, "hello\n");
    assertOneLineFailure(run(Map.of(), valid()), "key");
  }

  @Test
  void aTakenPortIsReportedBeforeServing() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Outcome o = run(Map.of(), valid("--listen", "127.0.0.1:" + taken.getLocalPort()));
      assertOneLineFailure(o, "cannot listen");
    }
  }

  @Test
  void environmentVariablesConfigureAndFlagsWin() {
    Map<String, String> env =
        Map.of(
            "REGIONALEDGE_CERT",
            cert.toString(),
            "REGIONALEDGE_KEY",
            key.toString(),
            "REGIONALEDGE_BACKEND",
            "us-east-1-fast.example.com",
            "REGIONALEDGE_LISTEN",
            "127.0.0.1:0",
            "REGIONALEDGE_ADMIN_LISTEN",
            "127.0.0.1:0",
            "REGIONALEDGE_RESPONSE_TIMEOUT",
            "never");
    assertOneLineFailure(run(env), "--response-timeout");
    Outcome ok = run(env, "--response-timeout", "2s");
    assertThat(ok.code()).isZero();
  }

  @Test
  void helpListsEveryFlagWithItsVariable() {
    Outcome o = run(Map.of(), "--help");
    assertThat(o.code()).isZero();
    for (String flag :
        List.of(
            "--listen",
            "--cert",
            "--key",
            "--backend",
            "--backend-address",
            "--backend-ca",
            "--insecure-skip-backend-verify",
            "--admin-listen",
            "--health-path",
            "--connect-timeout",
            "--response-timeout",
            "--request-header-timeout",
            "--idle-timeout",
            "--drain-grace-period",
            "--drain-timeout",
            "--max-header-bytes",
            "--max-connections",
            "--access-log",
            "--backend-probe-interval",
            "--dns-server",
            "--dns-max-ttl",
            "--backend-max-connection-age")) {
      assertThat(o.out()).contains(flag).contains(EnvDefaults.variableFor(flag));
    }
  }

  @Test
  void aRealProcessWithABadFlagExitsNonZeroWithOneLine() throws Exception {
    try (ProxyProcess p =
        ProxyProcess.launch(dir, List.of("-Xmx64m"), List.of(valid("--max-connections", "0")))) {
      int code = p.awaitExit(Duration.ofSeconds(30));
      assertThat(code).isEqualTo(2);
      assertThat(p.stderrText().strip().lines()).hasSize(1);
      assertThat(p.stderrText()).contains("--max-connections");
    }
  }
}
