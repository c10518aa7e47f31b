package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a user runs it: the packaged jar, from another directory. First,
 * alone.
 */
@Order(0)
class S0SandboxIT {
  static final Path JAR = Path.of("target/regionaledge-sandbox.jar").toAbsolutePath();

  @Test
  void theSandboxJarRunsTheDemoFromAnyDirectoryAndExitsZeroWhenEveryStepWorked(
      @TempDir Path elsewhere) throws IOException, InterruptedException {
    assertThat(JAR).as("built by mvn package").exists();
    Path output = elsewhere.resolve("sandbox.out");
    Process sandbox =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--once",
                "--timeout",
                "90")
            .directory(elsewhere.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean exited = sandbox.waitFor(240, TimeUnit.SECONDS);
    if (!exited) {
      sandbox.destroy();
      sandbox.waitFor(15, TimeUnit.SECONDS);
      sandbox.destroyForcibly();
    }
    String out = Files.readString(output);
    System.out.println(out);

    assertThat(exited).as("exited within 240 s").isTrue();
    assertThat(sandbox.exitValue()).as(out).isZero();
    assertThat(out)
        .contains(
            "All steps worked",
            "curl --resolve fast.example.com:",
            "--cacert ",
            "fast   fast.example.com   us-east-1   2/2",
            "fast   fast.example.com   eu-west-1   2/2");
    // the sandbox's own DNS server, asked from each region's source address: that region's proxies
    assertThat(out)
        .containsPattern(
            "dig @127\\.0\\.0\\.1 -p \\d+ -b 127\\.0\\.1\\.250 fast\\.example\\.com   # us-east-1: 127\\.0\\.1\\.")
        .containsPattern(
            "dig @127\\.0\\.0\\.1 -p \\d+ -b 127\\.0\\.2\\.250 fast\\.example\\.com   # eu-west-1: 127\\.0\\.2\\.")
        .containsPattern(
            "dig -b 127\\.0\\.1\\.250 fast\\.example\\.com now answers 127\\.0\\.2\\.");
    List<String> startup = out.lines().filter(l -> l.startsWith("All steps worked")).toList();
    Results.record(
        "sandbox",
        "startup to first request served in every region (from its own output)",
        startup.get(0).replaceAll(".*region: ", "").replaceAll("\\.$", "").trim());
  }
}
