package io.regionaledge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Finds the proxy's runnable jar: {@code -Dregionaledge.proxy.jar=...}, else the copy the e2e build
 * embeds as a resource (used in place from target/classes, extracted from the sandbox jar), else
 * proxy-image/target/regionaledge-proxy.jar of the checkout.
 */
public final class ProxyJar {
  static final String RESOURCE = "/proxy/regionaledge-proxy.jar";

  private ProxyJar() {}

  public static Path locate(Path scratch) {
    String configured = System.getProperty("regionaledge.proxy.jar");
    if (configured != null) {
      return existing(Path.of(configured));
    }
    URL embedded = ProxyJar.class.getResource(RESOURCE);
    if (embedded != null) {
      if ("file".equals(embedded.getProtocol())) {
        try {
          return existing(Path.of(embedded.toURI()));
        } catch (URISyntaxException e) {
          throw new IllegalStateException(e);
        }
      }
      Path target = scratch.resolve("regionaledge-proxy.jar");
      try (InputStream in = embedded.openStream()) {
        Files.createDirectories(scratch);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot extract the embedded proxy jar to " + target, e);
      }
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("proxy-image/target/regionaledge-proxy.jar");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "proxy jar not found: build it (mvn -pl proxy-image package) or pass "
            + "-Dregionaledge.proxy.jar=PATH");
  }

  private static Path existing(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("proxy jar " + jar + " does not exist");
    }
    return jar;
  }
}
