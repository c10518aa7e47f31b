package io.regionaledge.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A backend that answers each request with bytes written verbatim: a fault a real server could send
 * (not HTTP, a bad chunk, a close-delimited body). The script is chosen by the first path segment
 * of the request line; after a script that ends with {@link #CLOSE} the connection is closed. It
 * reads request heads only (tests send no bodies). One thread per connection, each ending when its
 * connection does or the backend is closed.
 */
final class ScriptedBackend implements AutoCloseable {
  static final String CLOSE = "\u0000close";

  /**
   * Ends a script: write it, then neither read nor write on that connection again (a stalled
   * backend).
   */
  static final String STALL = "\u0000stall";

  record Seen(int connection, String requestLine) {}

  private final SSLServerSocket server;
  private final Map<String, String> scripts = new ConcurrentHashMap<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  /** Connections that ended (the proxy closed them, or a script did). */
  final List<Integer> ended = new CopyOnWriteArrayList<>();

  private final Thread acceptor;

  ScriptedBackend(String name) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(TestPki.issue(name).toKeyManagerFactory().getKeyManagers(), null, null);
    server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0), 50);
    acceptor = new Thread(this::accept, "scripted-backend");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Requests whose path starts with {@code /segment} get {@code bytes}; the default script is a 200
   * "ok".
   */
  ScriptedBackend on(String segment, String bytes) {
    scripts.put(segment, bytes);
    return this;
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        int id = connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s, id), "scripted-backend-" + id);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s, int id) {
    try (s) {
      s.setSoTimeout(30000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      for (String head; (head = readHead(in)) != null; ) {
        String line = head.substring(0, head.indexOf("\r\n"));
        seen.add(new Seen(id, line));
        String path = line.split(" ")[1];
        String segment = path.split("[/?]")[1];
        String script =
            scripts.getOrDefault(
                segment,
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok");
        boolean close = script.endsWith(CLOSE);
        boolean stall = script.endsWith(STALL);
        out.write(
            script.replace(CLOSE, "").replace(STALL, "").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (close) {
          return;
        }
        if (stall) {
          stall();
          return;
        }
      }
    } catch (IOException e) {
      // the proxy closed the connection, or the backend is closing
    } finally {
      ended.add(id);
    }
  }

  /**
   * Holds the connection without reading (so the proxy's writes back up), until the backend closes
   * (at most 60 s).
   */
  private void stall() {
    for (int i = 0; i < 1200 && !server.isClosed(); i++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The request head up to the blank line, or null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c, matched = 0; (c = in.read()) != -1; ) {
      b.write(c);
      matched =
          (c == '\r' && (matched == 0 || matched == 2))
                  || (c == '\n' && (matched == 1 || matched == 3))
              ? matched + 1
              : 0;
      if (matched == 4) {
        return b.toString(StandardCharsets.ISO_8859_1);
      }
      if (b.size() > 65536) {
        throw new IOException("request head too long");
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
