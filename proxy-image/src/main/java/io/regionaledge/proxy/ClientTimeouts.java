package io.regionaledge.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * haproxy's {@code timeout client} for an HTTP/1 connection, or first in an HTTP/2 stream's
 * pipeline for that stream: the idle timeout while nothing has been sent since the last response,
 * the header timeout once the first byte of a request (or the connection itself) arrived, so slow
 * clients cannot trickle headers forever, the idle timeout while the proxy asked for more of a
 * request body (a read in a busy exchange), and in every phase the idle timeout for a client that
 * stops reading what the proxy writes (a write pending without progress: a peer keeping its TCP or
 * HTTP/2 window at zero is never timed out by TCP). Sits between TLS and the codec.
 *
 * <p>Phase changes only move a deadline; one timer per connection, never armed more than the
 * shorter timeout ahead, checks it. So a keep-alive request costs no timer scheduling, and every
 * deadline is still met exactly: a phase that starts at s has a deadline of at least s + shorter
 * timeout, and a timer fires by then.
 */
final class ClientTimeouts extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(ClientTimeouts.class);
  private static final int BUSY = 0;
  private static final int IDLE = 1;
  private static final int HEADERS = 2;
  private static final int BODY = 3;
  private final long headerNanos;
  private final long idleNanos;
  private final long periodNanos;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private int phase;
  private long deadline;
  private int pendingWrites;
  private long writeProgressAt;

  ClientTimeouts(ProxyConfig config) {
    this.headerNanos = config.requestHeaderTimeout().toNanos();
    this.idleNanos = config.idleTimeout().toNanos();
    this.periodNanos = Math.min(headerNanos, idleNanos);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    awaitRequest(true);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  /**
   * Waiting for the next request head: {@code first} for a new connection (the header clock starts
   * at once).
   */
  void awaitRequest(boolean first) {
    enter(first ? HEADERS : IDLE, first ? headerNanos : idleNanos);
  }

  /**
   * A request head arrived: no read deadline until the proxy asks for its body (or the next
   * request).
   */
  void requestStarted() {
    phase = BUSY;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (phase == IDLE && msg instanceof ByteBuf b && b.isReadable()) {
      enter(HEADERS, headerNanos);
    } else if (phase == BODY || phase == HEADERS && msg instanceof Http2HeadersFrame) {
      phase = BUSY; // an HTTP/2 stream's request head, or the body bytes the proxy asked for
    }
    ctx.fireChannelRead(msg);
  }

  /**
   * A read while an exchange is busy asks for more request body: the client has the idle timeout to
   * send some. Not counted while the proxy itself holds back (backpressure from a slow backend), so
   * only a stalled client is cut off.
   */
  @Override
  public void read(ChannelHandlerContext ctx) {
    if (phase == BUSY) {
      enter(BODY, idleNanos);
    }
    ctx.read();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (pendingWrites++ == 0) {
      writeProgressAt = now();
      if (timer == null) {
        arm(periodNanos);
      }
    }
    ChannelPromise p = promise.unvoid();
    p.addListener(
        f -> {
          pendingWrites--;
          writeProgressAt = now();
        });
    ctx.write(msg, p);
  }

  private long now() {
    return ctx.executor().ticker().nanoTime();
  }

  private void enter(int newPhase, long timeout) {
    phase = newPhase;
    deadline = now() + timeout;
    if (timer == null) {
      arm(periodNanos);
    }
  }

  private void arm(long delay) {
    timer = ctx.executor().schedule(this::check, delay, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void check() {
    timer = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    long now = now();
    if (pendingWrites > 0 && now - writeProgressAt >= idleNanos) {
      log.debug("closing {}: the client stopped reading the response", ctx.channel());
      ctx.close();
      return;
    }
    if (phase != BUSY && now - deadline >= 0) {
      log.debug(
          "closing {}: {}",
          ctx.channel(),
          phase == IDLE
              ? "idle timeout"
              : phase == BODY ? "request body timeout" : "request header timeout");
      ctx.close();
      return;
    }
    long next = periodNanos;
    if (phase != BUSY) {
      next = Math.min(next, deadline - now);
    }
    if (pendingWrites > 0) {
      next = Math.min(next, writeProgressAt + idleNanos - now);
    }
    arm(Math.max(next, 1));
  }
}
