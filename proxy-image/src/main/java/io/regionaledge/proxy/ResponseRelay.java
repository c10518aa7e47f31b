package io.regionaledge.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Supplier;

/**
 * The backend-to-client half of an exchange: each part of the response is written to the client and
 * the backend is read again only once it was written (bounded memory); informational responses pass
 * as the client's version allows; at the last part the backend connection goes back to the pool (or
 * is discarded) before the client has the bytes, and the exchange ends; a 101 to a WebSocket
 * upgrade hands both connections to a {@link Tunnel}.
 */
final class ResponseRelay {
  private final ChannelHandlerContext ctx;
  private final Shared shared;
  private final UpstreamLease lease;
  private final RequestForwarder forwarder;
  private final Supplier<Exchange> ender;
  private final Runnable beforeTunnel;

  /**
   * {@code ender} ends the current exchange and returns it; {@code beforeTunnel} runs when a tunnel
   * takes over.
   */
  ResponseRelay(
      ChannelHandlerContext ctx,
      Shared shared,
      UpstreamLease lease,
      RequestForwarder forwarder,
      Supplier<Exchange> ender,
      Runnable beforeTunnel) {
    this.ctx = ctx;
    this.shared = shared;
    this.lease = lease;
    this.forwarder = forwarder;
    this.ender = ender;
    this.beforeTunnel = beforeTunnel;
  }

  /** A part of the backend's response to {@code ex}, the current exchange. */
  void onResponse(Exchange ex, HttpObject msg) {
    forwarder.backendRead();
    Channel up = lease.channel();
    if (msg instanceof HttpResponse resp) {
      HttpObject out = ResponseHead.prepare(resp, ex);
      if (ex.upgrade && resp.status().code() == 101) {
        startTunnel(ex, resp);
        return;
      }
      if (ex.informational) {
        if (out != null) {
          ctx.writeAndFlush(out);
        }
        forwarder.readBackend(up);
        return;
      }
    } else if (ex.informational) {
      // the empty end of a 1xx: HTTP/1.1's encoder needs it to close the 1xx; HTTP/2 had a full
      // response
      // (this would be a DATA frame ending the stream) and HTTP/1.0 nothing
      if (msg instanceof LastHttpContent) {
        ex.informational = false;
      }
      if (!ex.http2 && ex.clientVersion == HttpVersion.HTTP_1_1) {
        ctx.writeAndFlush(msg);
      } else {
        ReferenceCountUtil.release(msg);
      }
      forwarder.readBackend(up);
      return;
    }
    if (msg instanceof HttpContent c) {
      ex.bytesOut += c.content().readableBytes();
    }
    if (!(msg instanceof LastHttpContent)) {
      ctx.write(msg)
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  ctx.close();
                } else if (lease.holds(up)) {
                  forwarder.readBackend(up);
                }
              });
      return;
    }
    // response complete: the backend connection is free before the client has even got the bytes
    if (ex.upstreamKeepAlive && ex.requestDone && !ex.upgrade) {
      lease.release();
    } else {
      lease.discard();
    }
    Exchange done = ender.get();
    ctx.writeAndFlush(msg)
        .addListener(
            f -> {
              if (!f.isSuccess() && done.error == null) {
                done.error = "client write failed";
              }
              done.finish(shared);
            });
  }

  /**
   * The backend accepted a WebSocket upgrade: relay the 101, then both connections carry raw bytes.
   */
  private void startTunnel(Exchange ex, HttpResponse resp) {
    Channel up = lease.takeForTunnel();
    Tunnel tunnel = Tunnel.hold(up, shared.config().idleTimeout().toNanos());
    beforeTunnel.run();
    Exchange done = ender.get();
    ctx.write(resp);
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
        .addListener(
            f -> {
              done.finish(shared);
              if (f.isSuccess() && ctx.channel().isActive()) {
                Http1Traffic traffic = ctx.pipeline().get(Http1Traffic.class);
                if (traffic != null && traffic.hasQueued()) {
                  // RFC 6455 §4.1: a client waits for the 101 before it sends more; this one did
                  // not
                  tunnel.abandon();
                  ctx.close();
                  return;
                }
                tunnel.start(ctx.channel());
              } else {
                tunnel.abandon();
              }
            });
  }
}
