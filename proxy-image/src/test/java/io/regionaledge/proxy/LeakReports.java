package io.regionaledge.proxy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the {@code LEAK:} reports of Netty's ResourceLeakDetector (logged at ERROR by {@code
 * io.netty.util.ResourceLeakDetector}), from this JVM through logback-test.xml and from proxy
 * processes the tests start ({@link ProxyProcess#close}), so {@link NoLeaks} can fail the test
 * class that leaked.
 */
public final class LeakReports extends AppenderBase<ILoggingEvent> {
  private static final List<String> REPORTS = new ArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (message != null && message.contains("LEAK:")) {
      add(message);
    }
  }

  static synchronized void add(String report) {
    REPORTS.add(report);
  }

  /** The reports so far, forgotten once returned. */
  static synchronized List<String> drain() {
    List<String> all = new ArrayList<>(REPORTS);
    REPORTS.clear();
    return all;
  }

  /**
   * A leak is only noticed once the garbage collector has collected the unreleased buffer and the
   * detector next tracks a buffer: collect, then allocate, a few times (bounded: 5 rounds).
   */
  static void collectGarbageAndPoll() {
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      for (int j = 0; j < 10; j++) {
        ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(16);
        probe.release();
        ByteBuf heap = ByteBufAllocator.DEFAULT.heapBuffer(16);
        heap.release();
      }
    }
  }
}
