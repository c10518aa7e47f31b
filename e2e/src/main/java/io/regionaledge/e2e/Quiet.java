package io.regionaledge.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The mock API server logs every request at java.util.logging INFO: keep it to warnings. */
final class Quiet {
  // JUL holds loggers weakly: keep them, or the level is forgotten
  private static final List<Logger> KEPT = new ArrayList<>();

  private Quiet() {}

  static synchronized void loggers() {
    if (!KEPT.isEmpty()) {
      return;
    }
    for (String name :
        List.of(
            "io.fabric8.mockwebserver",
            "io.fabric8.kubernetes.client.server.mock",
            "okhttp3.mockwebserver",
            "io.vertx",
            "io.netty")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.WARNING);
      KEPT.add(logger);
    }
  }
}
