package io.regionaledge.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a real kubectl prints for the sandbox's narration; null when kubectl is not installed or
 * fails.
 */
final class KubectlOutput {
  private KubectlOutput() {}

  /** kubectl on PATH, or null. */
  static Path locate() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
        return Path.of(dir, "kubectl");
      }
    }
    return null;
  }

  static String run(Path kubeconfig, String... args) {
    Path kubectl = locate();
    if (kubectl == null) {
      return null;
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                kubectl.toString(), "--kubeconfig", kubeconfig.toString(), "--request-timeout=5s"));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("sandbox-kubectl", ".out");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      boolean done = p.waitFor(15, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      return done && p.exitValue() == 0 ? text : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
