package io.regionaledge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network load balancer's data path on loopback: accepts TCP on one address and port and splices
 * each connection to one of the current targets, round robin (TLS passes through untouched, as an
 * NLB's TCP listener does). With no target a connection is closed at once, as an NLB resets it.
 */
final class TcpForwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpForwarder.class);
  private static final int CONNECT_TIMEOUT_MS = 1000;

  private final ServerSocket server;
  private final ExecutorService threads;
  private final AtomicInteger next = new AtomicInteger();
  private volatile List<InetSocketAddress> targets = List.of();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  TcpForwarder(InetSocketAddress listen) throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen, 64);
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t =
                  new Thread(
                      r, "lb-" + listen.getAddress().getHostAddress() + ":" + listen.getPort());
              t.setDaemon(true);
              return t;
            });
    threads.execute(this::acceptLoop);
  }

  void targets(List<InetSocketAddress> now) {
    targets = List.copyOf(now);
  }

  List<InetSocketAddress> targets() {
    return targets;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> splice(client));
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.debug("accept on {}: {}", server.getLocalSocketAddress(), e.toString());
        }
      }
    }
  }

  private void splice(Socket client) {
    List<InetSocketAddress> now = targets;
    if (now.isEmpty()) {
      close(client);
      return;
    }
    InetSocketAddress target = now.get(Math.floorMod(next.getAndIncrement(), now.size()));
    Socket upstream = new Socket();
    try {
      upstream.connect(target, CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      close(client);
      close(upstream);
      return;
    }
    threads.execute(() -> pump(upstream, client));
    pump(client, upstream);
  }

  /**
   * Copies one direction until end of stream, then half-closes the other side; whichever direction
   * ends second (it sees the first one's half-close) closes both sockets.
   */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    open.add(from);
    open.add(to);
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
      if (from.isOutputShutdown()) {
        closeBoth(from, to);
      }
    } catch (IOException e) {
      closeBoth(from, to);
    }
  }

  private void closeBoth(Socket a, Socket b) {
    close(a);
    close(b);
    open.remove(a);
    open.remove(b);
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    open.forEach(TcpForwarder::close);
    threads.shutdownNow();
  }
}
