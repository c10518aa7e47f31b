package io.regionaledge.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy as a real process: {@code java -jar target/regionaledge-proxy.jar} when the shaded jar
 * exists (failsafe runs after package), else the test classpath. Output goes to files so a chatty
 * process never blocks on a pipe.
 */
final class ProxyProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+) .* admin on /127\\.0\\.0\\.1:(\\d+)");
  final Process process;
  final Path stdout;
  final Path stderr;
  int port;
  int adminPort;

  private ProxyProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static ProxyProcess launch(Path dir, List<String> jvmArgs, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-DREGIONALEDGE_LOG_FORMAT=plain"); // the log lines these tests wait for, as text;
    // ProxyLogsIT sets json
    // as in the test JVM: every buffer tracked; close() hands any LEAK: report to NoLeaks
    cmd.add("-Dio.netty.leakDetection.level=paranoid");
    cmd.addAll(jvmArgs);
    Path jar = Path.of("target", "regionaledge-proxy.jar");
    if (Files.isRegularFile(jar) && Boolean.getBoolean("regionaledge.test.useJar")) {
      cmd.addAll(List.of("-jar", jar.toString()));
    } else {
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    }
    cmd.addAll(args);
    Path out = Files.createTempFile(dir, "proxy", ".out");
    Path err = Files.createTempFile(dir, "proxy", ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new ProxyProcess(p, out, err);
  }

  /** Waits (bounded) for the "listening" log line and records both ports. */
  ProxyProcess awaitListening(Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(stderrText());
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        adminPort = Integer.parseInt(m.group(2));
        return this;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "proxy exited " + process.exitValue() + ": " + stderrText());
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("proxy not listening after " + max + ": " + stderrText());
  }

  String stderrText() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  String stdoutText() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  /** Exit code, waiting at most {@code max}; -1 if still running. */
  int awaitExit(Duration max) throws InterruptedException {
    return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    try {
      for (String line : stderrText().split("\n")) {
        if (line.contains("LEAK:")) {
          LeakReports.add("proxy process: " + line);
        }
      }
    } catch (IOException e) {
      LeakReports.add("proxy process: stderr unreadable, leaks unknown: " + e);
    }
  }
}
