package io.regionaledge.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The real kubectl binary, run against one cluster's kubeconfig, each call bounded in time. */
final class Kubectl {
  /** CI sets this so a missing kubectl fails the run instead of skipping the scenario. */
  static final String REQUIRED = "REGIONALEDGE_REQUIRE_KUBECTL";

  record Result(int exit, String out, String err) {
    Result ok() {
      if (exit != 0) {
        throw new AssertionError("kubectl exited " + exit + ": " + err + out);
      }
      return this;
    }
  }

  private final Path binary;
  private final Path kubeconfig;

  private Kubectl(Path binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  /** kubectl from PATH; without one the scenario is skipped, unless {@value #REQUIRED}=1. */
  static Kubectl against(Path kubeconfig) {
    Path found = KubectlOutput.locate();
    if (found != null) {
      return new Kubectl(found, kubeconfig);
    }
    if ("1".equals(System.getenv(REQUIRED))) {
      throw new AssertionError(
          "kubectl not found on PATH and " + REQUIRED + "=1 (install kubernetes-client)");
    }
    Assumptions.abort(
        "kubectl not found on PATH: install Debian's kubernetes-client to run this scenario");
    return null;
  }

  Result run(String... args) {
    return run(Map.of(), args);
  }

  Result run(Map<String, String> env, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(), "--kubeconfig", kubeconfig.toString(), "--request-timeout=10s"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    try {
      Path out = Files.createTempFile("kubectl", ".out");
      Path err = Files.createTempFile("kubectl", ".err");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 30 s");
      }
      Result result =
          new Result(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return result;
    } catch (IOException e) {
      throw new AssertionError("running kubectl: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
