package io.regionaledge.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Measured figures: printed, and appended as table rows to the file named by
 * -Dregionaledge.results.
 */
final class Results {
  private Results() {}

  static synchronized void record(String scenario, String what, Duration value) {
    record(scenario, what, String.format("%.2f s", value.toMillis() / 1000.0));
  }

  static synchronized void record(String scenario, String what, String value) {
    String row = "| " + scenario + " | " + what + " | " + value + " |";
    System.out.println("[measured] " + row);
    String file = System.getProperty("regionaledge.results");
    if (file == null) {
      return;
    }
    try {
      Path path = Path.of(file);
      if (!Files.exists(path)) {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, "| scenario | measured | value |\n| --- | --- | --- |\n");
      }
      Files.writeString(path, row + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.println("cannot write results to " + file + ": " + e.getMessage());
    }
  }
}
