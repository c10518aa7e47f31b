package io.regionaledge.proxy;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a buffer leak while it ran (tests run with {@code
 * -Dio.netty.leakDetection.level=paranoid}, see the pom). Registered for every class through {@code
 * META-INF/services} and {@code junit-platform.properties} (extension auto-detection).
 */
public final class NoLeaks implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) {
    LeakReports.collectGarbageAndPoll();
    List<String> leaks = LeakReports.drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size()
              + " Netty buffer leak(s) reported during "
              + context.getDisplayName()
              + ":\n"
              + String.join("\n\n", leaks));
    }
  }
}
