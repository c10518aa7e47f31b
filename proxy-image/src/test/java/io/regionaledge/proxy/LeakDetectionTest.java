package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The safety net itself: the suite runs with paranoid leak detection and a leak is seen, not just
 * logged.
 */
class LeakDetectionTest {
  @Test
  void theTestsRunWithParanoidLeakDetection() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void aBufferThatIsNeverReleasedIsReported() {
    leakOne();
    List<String> reports = List.of();
    for (int i = 0;
        i < 10 && reports.isEmpty();
        i++) { // bounded: the collector may need a few rounds
      LeakReports.collectGarbageAndPoll();
      reports = LeakReports.drain(); // drained here, so NoLeaks does not fail this class for it
    }
    assertThat(reports)
        .isNotEmpty()
        .allMatch(r -> r.contains("LEAK:"))
        .anyMatch(r -> r.contains("leakOne"));
  }

  private static void leakOne() {
    ByteBuf leaked = ByteBufAllocator.DEFAULT.buffer(64);
    leaked.writeLong(42);
  }
}
