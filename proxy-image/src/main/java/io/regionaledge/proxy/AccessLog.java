package io.regionaledge.proxy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One JSON line per request on stdout. Lines are written by a background thread so a slow stdout never stalls an
 * event loop; when the queue is full, lines are dropped and counted rather than blocking traffic.
 */
final class AccessLog implements AutoCloseable {
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(16384);
    private final AtomicLong dropped = new AtomicLong();
    private final PrintStream out;
    private final Thread writer;
    private volatile boolean closed;

    AccessLog(OutputStream out) {
        this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
        this.writer = new Thread(this::drain, "access-log");
        writer.setDaemon(true);
        writer.start();
    }

    void log(String client, String protocol, String method, String uri, int status, long bytesOut, long nanos,
             String upstream, String error) {
        StringBuilder b = new StringBuilder(192);
        b.append("{\"time\":\"").append(Instant.now()).append("\",\"client\":");
        quote(b, client);
        b.append(",\"proto\":");
        quote(b, protocol);
        b.append(",\"method\":");
        quote(b, method);
        b.append(",\"uri\":");
        quote(b, uri);
        b.append(",\"status\":").append(status).append(",\"bytes_out\":").append(bytesOut)
                .append(",\"duration_ms\":").append(nanos / 1000 / 1000.0).append(",\"upstream\":");
        quote(b, upstream);
        if (error != null) {
            b.append(",\"error\":");
            quote(b, error);
        }
        b.append('}');
        if (!queue.offer(b.toString())) {
            dropped.incrementAndGet();
        }
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
            while (!closed || !queue.isEmpty()) {
                String line = queue.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                out.println(line);
                for (String next; (next = queue.poll()) != null; ) {
                    out.println(next);
                }
                long d = dropped.getAndSet(0);
                if (d > 0) {
                    out.println("{\"time\":\"" + Instant.now() + "\",\"access_log_dropped\":" + d + "}");
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
