package io.regionaledge.proxy;

import io.netty.util.internal.PlatformDependent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One JSON line per request on stdout, written off the event loops. An event loop only captures the
 * fields ({@link #log}: one small object, one lock-free offer, no formatting, no wake-up); a writer
 * thread wakes every {@link #BATCH_MILLIS} ms, formats the whole batch into a 64 KiB buffer and
 * writes it with as few write(2) calls as the buffer allows. Before, each line was one write(2)
 * through System.out's autoflushing PrintStream plus a lock and a thread wake-up per request: about
 * a third of the proxy's CPU (BENCHMARKS.md). When the queue is full, lines are dropped and counted
 * rather than blocking traffic.
 */
final class AccessLog implements AutoCloseable {
  static final int CAPACITY = 32768;
  static final long BATCH_MILLIS = 50;

  private record Entry(
      long epochMillis,
      String client,
      String protocol,
      String method,
      String uri,
      int status,
      long bytesOut,
      long nanos,
      String upstream,
      String error) {}

  private final Queue<Entry> queue = PlatformDependent.newFixedMpscQueue(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final OutputStream out;
  private final Thread writer;
  private final StringBuilder line = new StringBuilder(256);
  private long cachedSecond = Long.MIN_VALUE;
  private String cachedPrefix;
  private volatile boolean closed;

  AccessLog(OutputStream out) {
    this.out = new BufferedOutputStream(out, 65536);
    this.writer = new Thread(this::drain, "access-log");
    writer.setDaemon(true);
    writer.start();
  }

  void log(
      String client,
      String protocol,
      String method,
      String uri,
      int status,
      long bytesOut,
      long nanos,
      String upstream,
      String error) {
    if (!queue.offer(
        new Entry(
            System.currentTimeMillis(),
            client,
            protocol,
            method,
            uri,
            status,
            bytesOut,
            nanos,
            upstream,
            error))) {
      dropped.incrementAndGet();
    }
  }

  /** Formats one line (writer thread only). */
  String format(Entry e) {
    StringBuilder b = line;
    b.setLength(0);
    b.append("{\"time\":\"");
    appendTime(b, e.epochMillis());
    b.append("\",\"client\":");
    quote(b, e.client());
    b.append(",\"proto\":");
    quote(b, e.protocol());
    b.append(",\"method\":");
    quote(b, e.method());
    b.append(",\"uri\":");
    quote(b, e.uri());
    long micros = e.nanos() / 1000;
    b.append(",\"status\":")
        .append(e.status())
        .append(",\"bytes_out\":")
        .append(e.bytesOut())
        .append(",\"duration_ms\":")
        .append(micros / 1000)
        .append('.');
    long frac = micros % 1000;
    if (frac < 100) {
      b.append('0');
    }
    if (frac < 10) {
      b.append('0');
    }
    b.append(frac).append(",\"upstream\":");
    quote(b, e.upstream());
    if (e.error() != null) {
      b.append(",\"error\":");
      quote(b, e.error());
    }
    return b.append("}\n").toString();
  }

  /**
   * ISO-8601 UTC with milliseconds, as {@link Instant#toString()} for whole-second prefixes, cached
   * per second.
   */
  private void appendTime(StringBuilder b, long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    if (second != cachedSecond) {
      cachedSecond = second;
      String s = Instant.ofEpochSecond(second).toString(); // 2026-12-02T00:30:00Z
      cachedPrefix = s.substring(0, s.length() - 1);
    }
    int ms = (int) Math.floorMod(epochMillis, 1000);
    b.append(cachedPrefix)
        .append('.')
        .append((char) ('0' + ms / 100))
        .append((char) ('0' + ms / 10 % 10))
        .append((char) ('0' + ms % 10))
        .append('Z');
  }

  static void quote(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private void drain() {
    try {
      while (true) {
        boolean last = closed;
        int n = 0;
        for (Entry e; (e = queue.poll()) != null; n++) {
          out.write(format(e).getBytes(StandardCharsets.UTF_8));
        }
        long d = dropped.getAndSet(0);
        if (d > 0) {
          out.write(
              ("{\"time\":\"" + Instant.now() + "\",\"access_log_dropped\":" + d + "}\n")
                  .getBytes(StandardCharsets.UTF_8));
          n++;
        }
        if (n > 0) {
          out.flush();
        }
        if (last) {
          return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS));
      }
    } catch (IOException e) {
      // stdout is gone (closed pipe): nothing left to log to
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(writer);
    try {
      writer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
