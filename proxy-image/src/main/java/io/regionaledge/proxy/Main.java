package io.regionaledge.proxy;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/**
 * Entry point. Exit codes: 0 after a drain, 2 for a bad flag or unusable certificate/key/trust, 1
 * when a listener cannot be bound; each failure is one line on stderr, before anything listens.
 */
public final class Main {
  static {
    // logs: logback.xml (JSON on stderr by default, REGIONALEDGE_LOG_FORMAT=plain for text)
    // leak sampling records a stack trace for 1 in 128 buffers: measurable on the request path (a
    // profile
    // showed ~1 % of proxy CPU in Throwable.fillInStackTrace); tests and -D can turn it back on
    setDefault("io.netty.leakDetection.level", "disabled");
  }

  private Main() {}

  public static void main(String[] args) {
    CountDownLatch stopped = new CountDownLatch(1);
    Started started = start(args, System.getenv(), System.out, System.err);
    if (started.exitCode() != 0) {
      System.exit(started.exitCode());
    }
    if (started.server() == null) {
      return; // --help
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  started.server().drain();
                  stopped.countDown();
                },
                "drain"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A running server, or the exit code of a start that did not get that far. */
  record Started(ProxyServer server, int exitCode) {}

  static Started start(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    ProxyCommand cmd = new ProxyCommand();
    CommandLine cli =
        new CommandLine(cmd)
            .setDefaultValueProvider(new EnvDefaults(env))
            .setOverwrittenOptionsAllowed(
                true); // a flag given twice: the last wins, as Kubernetes args overrides expect
    ProxyConfig config;
    try {
      cli.parseArgs(args);
      if (cli.isUsageHelpRequested()) {
        cli.usage(out);
        return new Started(null, 0);
      }
      config = cmd.toConfig();
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      err.println(
          "regionaledge-proxy: " + e.getMessage().replaceAll("\\s+", " ").trim() + " (see --help)");
      return new Started(null, 2);
    }
    var log = org.slf4j.LoggerFactory.getLogger(Main.class);
    Tls tls = Tls.detect();
    Transport transport = Transport.detect(env.get("REGIONALEDGE_TRANSPORT"));
    ProxyServer server;
    try {
      PemFiles.KeyPair pair = PemFiles.load(config.cert(), config.key());
      int threads =
          Integer.parseInt(
              env.getOrDefault(
                  "REGIONALEDGE_THREADS",
                  String.valueOf(Runtime.getRuntime().availableProcessors())));
      server =
          new ProxyServer(
              config,
              transport,
              tls,
              pair,
              threads,
              config.accessLog()
                  // our own buffer on fd 1: System.out autoflushes, one write(2) per line
                  ? new AccessLog(
                      out == System.out ? new FileOutputStream(FileDescriptor.out) : out)
                  : null);
    } catch (IllegalArgumentException e) {
      err.println("regionaledge-proxy: " + e.getMessage());
      return new Started(null, 2);
    } catch (Exception e) {
      err.println("regionaledge-proxy: cannot start: " + PemFiles.oneLine(e));
      return new Started(null, 2);
    }
    try {
      server.start();
    } catch (Exception e) {
      server.close();
      err.println("regionaledge-proxy: cannot listen: " + PemFiles.oneLine(e));
      return new Started(null, 1);
    }
    log.info(
        "transport {}{}, TLS {}",
        transport.name(),
        transport.fallbackReason().isEmpty() ? "" : " (" + transport.fallbackReason().trim() + ")",
        tls.describe());
    if (config.insecureSkipBackendVerify()) {
      log.warn(
          "INSECURE: the backend certificate is NOT verified (--insecure-skip-backend-verify)");
    }
    return new Started(server, 0);
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
