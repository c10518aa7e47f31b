package io.regionaledge.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Backend connections of one event loop, touched only from that loop, so no locking. Idle ones are
 * kept most recently used first, so a quiet period lets the surplus age out. At most {@code
 * maxOpen} connections (idle, busy or connecting) per loop, as haproxy's per-server {@code
 * maxconn}: one cheap client stream must not cost an unbounded number of backend TLS connections. A
 * request that finds the loop at its cap waits (FIFO, at most {@code maxOpen} waiters) for a
 * released connection or a free slot, for at most the wait time; then it fails with {@link
 * Exhausted} (the client gets 503).
 */
final class UpstreamPool {
  static final long IDLE_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
  static final int MAX_IDLE = 1024;

  /** No backend connection became free in time. */
  static final class Exhausted extends Exception {
    Exhausted(String message) {
      super(message, null, false, false);
    }
  }

  private final EventLoop loop;
  private final UpstreamConnector connector;
  private final ProxyMetrics metrics;
  private final int maxOpen;
  private final long waitNanos;
  private final long maxAgeNanos;
  private final ArrayDeque<Upstream> idle = new ArrayDeque<>();
  private final ArrayDeque<Promise<Upstream>> waiters = new ArrayDeque<>();
  private int open;
  private boolean closed;

  UpstreamPool(
      EventLoop loop,
      UpstreamConnector connector,
      ProxyMetrics metrics,
      int maxOpen,
      long waitNanos,
      long maxAgeNanos) {
    this.loop = loop;
    this.maxAgeNanos = maxAgeNanos;
    this.connector = connector;
    this.metrics = metrics;
    this.maxOpen = maxOpen;
    this.waitNanos = waitNanos;
    loop.scheduleWithFixedDelay(this::purge, 5, 5, TimeUnit.SECONDS);
  }

  Future<Upstream> acquire() {
    long now = System.nanoTime();
    for (Upstream u; (u = idle.pollLast()) != null; ) {
      metrics.pooledIdle.decrementAndGet();
      if (u.isActive() && now - u.idleSince < IDLE_TTL_NANOS && !tooOld(u, now)) {
        u.markReused(true);
        return loop.newSucceededFuture(u);
      }
      u.channel().close();
    }
    return connectNew();
  }

  /** A fresh connection (never a pooled one), within the cap; else a wait for one. */
  Future<Upstream> connectNew() {
    if (open < maxOpen) {
      open++;
      return connector.connect(loop, this::onClosed);
    }
    if (waiters.size() >= maxOpen) {
      return loop.newFailedFuture(
          new Exhausted(maxOpen + " backend connections busy and as many waiting"));
    }
    Promise<Upstream> p = loop.newPromise();
    waiters.add(p);
    ScheduledFuture<?> timer =
        loop.schedule(
            () -> {
              if (waiters.remove(p)) {
                p.tryFailure(
                    new Exhausted(
                        "no backend connection free within "
                            + TimeUnit.NANOSECONDS.toMillis(waitNanos)
                            + "ms ("
                            + maxOpen
                            + " per event loop)"));
              }
            },
            waitNanos,
            TimeUnit.NANOSECONDS);
    p.addListener(f -> timer.cancel(false));
    return p;
  }

  void release(Upstream u) {
    u.detach();
    if (closed || !u.isActive() || tooOld(u, System.nanoTime())) {
      // past its maximum age a connection retires (a waiter then gets a fresh one, see onClosed),
      // so a
      // busy connection does not stay on an address the backend's DNS no longer gives
      u.channel().close();
      return;
    }
    for (Promise<Upstream> w; (w = waiters.poll()) != null; ) {
      u.markReused(true);
      if (w.trySuccess(u)) {
        return;
      }
    }
    if (idle.size() >= MAX_IDLE) {
      u.channel().close();
      return;
    }
    u.idleSince = System.nanoTime();
    idle.addLast(u);
    metrics.pooledIdle.incrementAndGet();
    u.channel().read();
  }

  int idleCount() {
    return idle.size();
  }

  void close() {
    closed = true;
    for (Upstream u; (u = idle.pollLast()) != null; ) {
      metrics.pooledIdle.decrementAndGet();
      u.channel().close();
    }
    for (Promise<Upstream> w; (w = waiters.poll()) != null; ) {
      w.tryFailure(new Exhausted("shutting down"));
    }
  }

  /** {@code u} is null when the connect failed before a connection existed. */
  private void onClosed(Upstream u) {
    open--;
    if (u != null && idle.remove(u)) {
      metrics.pooledIdle.decrementAndGet();
    }
    Promise<Upstream> w = closed ? null : waiters.poll();
    if (w != null) {
      // a slot is free: open a connection for the longest waiter
      open++;
      connector
          .connect(loop, this::onClosed)
          .addListener(
              f -> {
                @SuppressWarnings("unchecked")
                Future<Upstream> c = (Future<Upstream>) f;
                if (!c.isSuccess()) {
                  w.tryFailure(c.cause());
                } else if (!w.trySuccess(c.getNow())) {
                  release(c.getNow());
                }
              });
    }
  }

  private void purge() {
    long now = System.nanoTime();
    while (!idle.isEmpty() && now - idle.peekFirst().idleSince >= IDLE_TTL_NANOS) {
      Upstream u = idle.pollFirst();
      metrics.pooledIdle.decrementAndGet();
      u.channel().close();
    }
    idle.removeIf(
        u -> {
          if (!tooOld(u, now)) {
            return false;
          }
          metrics.pooledIdle.decrementAndGet();
          u.channel().close();
          return true;
        });
  }

  private boolean tooOld(Upstream u, long now) {
    return now - u.createdNanos >= maxAgeNanos;
  }
}
