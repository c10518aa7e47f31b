package io.regionaledge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod's container run as a real local process: {@code java -jar regionaledge-proxy.jar <args>}.
 */
public final class ProxyProcess {
  /** Small, quick-starting JVMs: several proxies share two cores with everything else. */
  static final List<String> JVM_OPTIONS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Xss512k",
          "-Xmx96m",
          "-XX:CICompilerCount=1",
          "-Xshare:auto");

  /**
   * Every proxy this JVM started and that may still run: killed if the JVM exits without closing
   * its world.
   */
  private static final java.util.Set<Process> LIVE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "proxy-reaper"));
  }

  private final Process process;
  private final Path log;

  private ProxyProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static ProxyProcess start(ProxyImage image, LaunchPlan plan) {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(javaBin.toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(image.jvmOptions());
    command.add("-Djava.io.tmpdir=" + plan.podDir().resolve("tmp"));
    command.add("-jar");
    command.add(image.jar().toString());
    command.addAll(plan.args());
    Path log = plan.podDir().resolve("container.log");
    try {
      Files.createDirectories(plan.podDir().resolve("tmp"));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(plan.podDir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // a container sees only its own environment, not the test JVM's
      Map<String, String> env = builder.environment();
      String path = env.get("PATH");
      env.clear();
      env.put("PATH", path == null ? "/usr/bin:/bin" : path);
      env.put("HOME", plan.podDir().toString());
      env.putAll(plan.env());
      Files.writeString(
          log,
          "# "
              + java.time.Instant.now()
              + " "
              + String.join(" ", command)
              + "\n# env "
              + plan.env()
              + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      Process started = builder.start();
      LIVE.add(started);
      started.onExit().thenRun(() -> LIVE.remove(started));
      return new ProxyProcess(started, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** SIGTERM: the proxy drains and exits. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL. */
  public void kill() {
    process.destroyForcibly();
  }

  public Path log() {
    return log;
  }

  /** The last lines of the container's output, for error messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log).stream().filter(l -> !l.startsWith("# ")).toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
