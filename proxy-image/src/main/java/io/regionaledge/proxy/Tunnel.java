package io.regionaledge.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket connection after its 101: raw bytes both ways between the client and its backend
 * connection (both on one event loop), with the proxy's usual backpressure (auto-read off; a side
 * is read again only once what it sent was written to the other), and closed when either side
 * closes or nothing moved either way for the idle timeout. The backend side is installed at the
 * 101's head ({@link #hold}), so bytes the backend sends right after it wait until the client has
 * the 101 and its pipeline is raw too ({@link #start}).
 */
final class Tunnel {
  private static final Logger log = LoggerFactory.getLogger(Tunnel.class);
  private final long idleNanos;
  private Side client;
  private Side backend;
  private ScheduledFuture<?> timer;
  private long lastActivity;
  private boolean closed;

  private Tunnel(long idleNanos) {
    this.idleNanos = idleNanos;
  }

  /**
   * Replaces the backend's HTTP stage ({@code upstream}) with the tunnel's side, holding what
   * arrives.
   */
  static Tunnel hold(Channel up, long idleNanos) {
    Tunnel t = new Tunnel(idleNanos);
    t.backend = t.new Side(up);
    up.pipeline().replace("upstream", "tunnel", t.backend);
    return t;
  }

  /**
   * Turns the client connection raw (every handler above TLS goes; its HTTP codec last, so bytes it
   * still holds reach the tunnel), does the same on the backend, and starts relaying.
   */
  void start(Channel clientChannel) {
    if (closed) {
      clientChannel.close(); // the backend left between its 101 and the client getting it
      return;
    }
    client = new Side(clientChannel);
    client.peer = backend;
    backend.peer = client;
    ChannelPipeline p = clientChannel.pipeline();
    for (String name : List.of("proxy", "answers", "http1", "timeouts")) {
      if (p.get(name) != null) {
        p.remove(name);
      }
    }
    p.addLast("tunnel", client);
    p.remove("http");
    backend.channel.pipeline().remove("http");
    lastActivity = now();
    timer = clientChannel.eventLoop().schedule(this::check, idleNanos, TimeUnit.NANOSECONDS);
    client.begin();
    backend.begin();
  }

  /** The client went away before the tunnel started. */
  void abandon() {
    close();
  }

  private long now() {
    return backend.channel.eventLoop().ticker().nanoTime();
  }

  private void check() {
    timer = null;
    if (closed) {
      return;
    }
    long idle = now() - lastActivity;
    if (idle >= idleNanos) {
      log.debug("closing idle WebSocket tunnel {}", client.channel);
      close();
      return;
    }
    timer =
        client.channel.eventLoop().schedule(this::check, idleNanos - idle, TimeUnit.NANOSECONDS);
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (timer != null) {
      timer.cancel(false);
    }
    for (Side s : new Side[] {client, backend}) {
      if (s != null) {
        s.releaseHeld();
        // what was already written still leaves before the close
        s.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  private final class Side extends ChannelInboundHandlerAdapter {
    final Channel channel;
    Side peer;
    private ChannelHandlerContext ctx;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private boolean started;
    private ChannelFuture lastWrite;

    Side(Channel channel) {
      this.channel = channel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    void begin() {
      started = true;
      if (held.isEmpty()) {
        ctx.read();
        return;
      }
      for (ByteBuf b; (b = held.poll()) != null; ) {
        lastWrite = peer.channel.write(b);
      }
      channelReadComplete(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf b) || !b.isReadable() || closed) {
        ReferenceCountUtil.release(
            msg); // the 101's empty end from the HTTP codec, or after the close
        return;
      }
      lastActivity = now();
      if (!started) {
        held.add(b);
        return;
      }
      lastWrite = peer.channel.write(b);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (!started || closed) {
        return;
      }
      ChannelFuture w = lastWrite;
      lastWrite = null;
      if (w == null) {
        ctx.read();
        return;
      }
      peer.channel.flush();
      w.addListener(
          f -> {
            if (!f.isSuccess()) {
              close();
              return;
            }
            lastActivity = now();
            ctx.read();
          });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      close();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("WebSocket tunnel {}: {}", channel, PemFiles.oneLine(cause));
      close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      releaseHeld();
    }

    void releaseHeld() {
      for (ByteBuf b; (b = held.poll()) != null; ) {
        b.release();
      }
    }
  }
}
