package io.regionaledge.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * HTTP/1 connection traffic below the per-request stages (as reactor-netty's HttpTrafficHandler):
 * one request at a time goes up; pipelined requests wait here, in order, and nothing more is read
 * while they wait (bounded by one read); a response decides at its head whether the connection
 * stays open (HTTP/1.1 keep-alive, not draining, no {@code Connection: close} from the stages
 * above, which then is set); once its last byte is written the connection is closed, or the rest of
 * an answered request body is read and dropped, or the next request goes up. Informational
 * responses (1xx) do not end an exchange. Event-loop confined; reads are explicit (auto-read off).
 */
final class Http1Traffic extends ChannelDuplexHandler {
  /**
   * Fired through a client pipeline when the drain grace period ends: finish the current exchange,
   * then close.
   */
  static final Object DRAIN = new Object();

  private final ClientTimeouts timeouts;
  private final BooleanSupplier draining;
  private ChannelHandlerContext ctx;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();

  /** A request went up whose last content has not arrived yet. */
  private boolean requestOpen;

  /** A request went up whose response has not been completely written. */
  private boolean responsePending;

  /** The response is complete: the rest of the request body is read and dropped. */
  private boolean discarding;

  private boolean keepAliveRequested;
  private boolean informational;
  private boolean closeAfterResponse;
  private boolean drainRequested;
  private boolean replaying;

  Http1Traffic(ClientTimeouts timeouts, BooleanSupplier draining) {
    this.timeouts = timeouts;
    this.draining = draining;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!queued.isEmpty() || (responsePending && msg instanceof HttpRequest)) {
      queued.add(msg); // pipelined: answered in order, after the current exchange
      return;
    }
    inbound(msg);
  }

  private void inbound(Object msg) {
    if (msg instanceof HttpRequest req) {
      requestOpen = !(msg instanceof LastHttpContent);
      responsePending = true;
      informational = false;
      closeAfterResponse = false;
      keepAliveRequested =
          req.protocolVersion() == HttpVersion.HTTP_1_1
              && HttpUtil.isKeepAlive(req)
              && req.decoderResult().isSuccess();
      timeouts.requestStarted();
      ctx.fireChannelRead(msg);
      return;
    }
    if (msg instanceof HttpContent c) {
      if (c instanceof LastHttpContent || c.decoderResult().isFailure()) {
        requestOpen = false;
      }
      if (discarding) {
        c.release();
        if (!requestOpen) {
          discarding = false;
          next();
        } else {
          ctx.read();
        }
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!replaying) {
      ctx.fireChannelReadComplete();
    }
  }

  /**
   * A read asked for by the stages above waits while pipelined requests are queued: those come
   * first.
   */
  @Override
  public void read(ChannelHandlerContext ctx) {
    if (queued.isEmpty()) {
      ctx.read();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse r) {
      informational = r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      if (!informational) {
        // the stages above say Connection: close for their own reasons (ResponseHead, LocalAnswers)
        closeAfterResponse =
            !keepAliveRequested
                || drainRequested
                || draining.getAsBoolean()
                || r.headers()
                    .containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        if (closeAfterResponse) {
          r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
      }
    }
    if (msg instanceof LastHttpContent) {
      if (informational) {
        informational = false; // the end of a 1xx: the final response follows
      } else {
        ChannelPromise p = promise.unvoid();
        p.addListener(f -> responseWritten(f.isSuccess()));
        ctx.write(msg, p);
        return;
      }
    }
    ctx.write(msg, promise);
  }

  private void responseWritten(boolean success) {
    responsePending = false;
    if (!success || !ctx.channel().isActive()) {
      return;
    }
    if (closeAfterResponse) {
      ctx.close();
      return;
    }
    if (requestOpen) {
      discarding = true; // answered before the body ended: read it off to keep the connection
      ctx.read();
      return;
    }
    next();
  }

  /** Ready for the next request: replay what a pipelining client already sent, else read. */
  private void next() {
    if (drainRequested) {
      ctx.close();
      return;
    }
    timeouts.awaitRequest(false);
    if (queued.isEmpty()) {
      ctx.read();
      return;
    }
    replaying = true;
    try {
      while (!queued.isEmpty() && !(responsePending && queued.peek() instanceof HttpRequest)) {
        inbound(queued.poll());
      }
    } finally {
      replaying = false;
    }
    ctx.fireChannelReadComplete(); // the replay was a read batch of its own
    if (queued.isEmpty() && !responsePending && !discarding) {
      ctx.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == DRAIN) {
      drainRequested = true;
      if (!responsePending && !discarding) {
        ctx.close();
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseQueued();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseQueued();
  }

  /**
   * Requests queued when the connection becomes a tunnel (a client that did not wait for the 101).
   */
  boolean hasQueued() {
    return !queued.isEmpty();
  }

  private void releaseQueued() {
    for (Object m; (m = queued.poll()) != null; ) {
      ReferenceCountUtil.release(m);
    }
  }
}
