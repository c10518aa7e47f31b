package io.regionaledge.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive TLS connection to the backend, owned by the pool of its event loop. While idle in
 * the pool a read stays pending so a close by the backend is noticed at once; anything else
 * arriving while idle is a protocol error and closes it.
 */
final class Upstream extends ChannelInboundHandlerAdapter {
  private final Channel channel;
  private UpstreamListener listener;
  private boolean reused;
  long idleSince;

  /** When the TCP connection was made: pooled connections retire past a maximum age. */
  final long createdNanos = System.nanoTime();

  Upstream(Channel channel) {
    this.channel = channel;
  }

  Channel channel() {
    return channel;
  }

  boolean reused() {
    return reused;
  }

  void markReused(boolean fromPool) {
    this.reused = fromPool;
  }

  void attach(UpstreamListener l) {
    this.listener = l;
  }

  void detach() {
    this.listener = null;
  }

  boolean isActive() {
    return channel.isActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    UpstreamListener l = listener;
    if (l == null || !(msg instanceof HttpObject)) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    HttpObject o = (HttpObject) msg;
    if (o.decoderResult().isFailure()) {
      // not HTTP, a bad chunk, a head cut short: Netty stops decoding this connection (BAD_MESSAGE)
      // and would
      // hand on an "HTTP/1.0 999" or a failed last chunk; neither may reach the client, nor the
      // pool
      ReferenceCountUtil.release(msg);
      listener = null;
      ctx.close();
      l.onUpstreamClosed(new DecoderException(o.decoderResult().cause()));
      return;
    }
    l.onResponse(o);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    if (l != null) {
      l.onResponseBatchEnd();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    listener = null;
    if (l != null) {
      l.onUpstreamClosed(null);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    UpstreamListener l = listener;
    listener = null;
    ctx.close();
    if (l != null) {
      l.onUpstreamClosed(cause);
    }
  }
}
