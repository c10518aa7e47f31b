package io.regionaledge.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxies the {@link Exchange}s {@link LocalAnswers} passes on, one at a time per client connection
 * or HTTP/2 stream, to a backend connection leased from the pool of the same event loop. Reads are
 * explicit (auto-read off): the client is read again only after what it sent was written to the
 * backend, and the backend only after what it sent was written to the client, so bodies stream with
 * bounded memory both ways. Connection-level HTTP (pipelining, keep-alive, resets) is the traffic
 * handler's below; response framing is {@link ResponseHead}'s; the backend's clock {@link
 * BackendTimeout}'s; a WebSocket 101 hands both connections to a {@link Tunnel}.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter implements UpstreamListener {
  private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

  private final Shared shared;
  private ChannelHandlerContext ctx;
  private UpstreamLease lease;
  private BackendTimeout backendTimeout;
  private RequestForwarder forwarder;
  private ResponseRelay relay;
  private boolean inClientRead;

  /** The current exchange; null when idle. */
  private Exchange ex;

  FrontendHandler(Shared shared) {
    this.shared = shared;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.lease = new UpstreamLease(shared.pool(ctx.channel().eventLoop()));
    this.backendTimeout =
        new BackendTimeout(
            ctx.executor(),
            shared.config().responseTimeout().toNanos(),
            () -> ex != null,
            this::backendTimedOut);
    this.forwarder =
        new RequestForwarder(
            ctx,
            lease,
            backendTimeout,
            cause -> {
              lease.discard();
              onUpstreamClosed(cause);
            });
    this.relay = new ResponseRelay(ctx, shared, lease, forwarder, this::end, backendTimeout::close);
    if (ctx.channel().isActive()) {
      ctx.read();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    inClientRead = true;
    if (msg instanceof Exchange e) {
      start(e);
    } else if (msg instanceof HttpContent c && c.decoderResult().isFailure()) {
      c.release();
      malformedBody(PemFiles.oneLine(c.decoderResult().cause()));
    } else if (msg instanceof HttpContent c && ex != null && !ex.requestDone) {
      forwarder.forward(c);
    } else {
      ReferenceCountUtil.release(msg); // the rest of a request already answered
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inClientRead = false;
    if (lease.held()) {
      lease.channel().flush();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    backendTimeout.close();
    if (ex != null) {
      ex.error = ex.error != null ? ex.error : "client closed the connection";
      lease.discard();
      end().finish(shared);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("client {}: {}", ex != null ? ex.clientIp : ctx.channel(), PemFiles.oneLine(cause));
    ctx.close();
  }

  // ---- client -> upstream

  private void start(Exchange e) {
    ex = e;
    HttpRequest req = e.request;
    RequestRules.rewrite(req, e.clientIp, shared.config().backendAuthority());
    e.retryable =
        RequestRules.isIdempotent(req.method())
            && !HttpUtil.isTransferEncodingChunked(req)
            && HttpUtil.getContentLength(req, 0L) == 0L;
    // keep a bare head: a FullHttpRequest's content travels separately, and a retry resends only
    // the head
    e.upstreamHead =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, req.method(), req.uri(), req.headers());
    forwarder.begin(e, e.upstreamHead);
    acquire(shared.pool(ctx.channel().eventLoop()).acquire());
  }

  private void acquire(Future<Upstream> f) {
    if (f.isDone()) {
      onUpstream(f);
    } else {
      f.addListener(x -> onUpstream(f));
    }
  }

  private void onUpstream(Future<Upstream> f) {
    if (ex == null || !ctx.channel().isActive()) {
      if (f.isSuccess()) {
        shared.pool(ctx.channel().eventLoop()).release(f.getNow());
      }
      return;
    }
    if (f.cause() instanceof UpstreamPool.Exhausted e) {
      upstreamFailed("pool_exhausted", e.getMessage(), HttpResponseStatus.SERVICE_UNAVAILABLE);
      return;
    }
    if (!f.isSuccess()) {
      upstreamFailed(
          UpstreamFailures.metricCause(f.cause()),
          "cannot reach backend "
              + shared.config().backendAddress()
              + ": "
              + PemFiles.oneLine(f.cause()),
          HttpResponseStatus.BAD_GATEWAY);
      return;
    }
    lease.hold(f.getNow(), this);
    forwarder.connected(inClientRead);
  }

  private void backendTimedOut() {
    if (ex == null || !lease.held()) {
      return;
    }
    String t = Durations.format(shared.config().responseTimeout());
    boolean upload = forwarder.uploadStalled();
    lease.discard();
    if (ex.responseStarted) {
      // the client has part of the response: only a close (HTTP/1) or RST_STREAM (HTTP/2) can tell
      // it
      shared.metrics().upstreamError("response_timeout");
      ex.error = "backend stalled mid-response for " + t;
      log.warn("{} {}: {}; aborting the client response", ex.method, ex.uri, ex.error);
      ctx.close();
      return;
    }
    upstreamFailed(
        "response_timeout",
        upload
            ? "backend stopped reading the request body for " + t
            : "backend sent no response within " + t,
        HttpResponseStatus.GATEWAY_TIMEOUT);
  }

  // ---- upstream -> client

  @Override
  public void onResponse(HttpObject msg) {
    if (ex == null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    relay.onResponse(ex, msg);
  }

  @Override
  public void onResponseBatchEnd() {
    ctx.flush();
  }

  @Override
  public void onUpstreamClosed(Throwable cause) {
    if (ex == null) {
      return;
    }
    boolean reused = lease.reused();
    lease.discard();
    forwarder.backendRead();
    boolean invalid = cause instanceof DecoderException;
    String why =
        cause == null
            ? "backend closed the connection"
            : invalid
                ? "backend sent an invalid response: " + PemFiles.oneLine(cause)
                : "backend connection failed: " + PemFiles.oneLine(cause);
    if (!ex.responseStarted) {
      if (reused && ex.retryable && !ex.retried && ex.requestDone && !invalid) {
        // a pooled connection the backend had already closed: try once more on a fresh one
        ex.retried = true;
        ex.requestWritten = false;
        log.debug("retrying {} {} on a new connection: {}", ex.method, ex.uri, why);
        forwarder.begin(ex, ex.upstreamHead);
        forwarder.forward(LastHttpContent.EMPTY_LAST_CONTENT);
        acquire(shared.pool(ctx.channel().eventLoop()).connectNew());
        return;
      }
      // bytes that are not HTTP: never forward them (Netty would make an "HTTP/1.0 999"), and do
      // not trust
      // the client connection either
      shared.metrics().upstreamError(invalid ? "bad_response" : "reset");
      answerAndEnd(HttpResponseStatus.BAD_GATEWAY, why, invalid);
      return;
    }
    // the client already has part of the response: it can only learn of the failure by a close (or
    // RST_STREAM)
    shared.metrics().upstreamError(invalid ? "bad_response" : "reset");
    ex.error = why + " mid-response";
    log.warn(
        "{} {}: {} mid-response; closing the client {}",
        ex.method,
        ex.uri,
        why,
        ex.http2 ? "stream" : "connection");
    ctx.flush();
    ctx.close();
  }

  /**
   * Bad chunking or the like after the head was accepted: the backend connection and the client
   * both go.
   */
  private void malformedBody(String why) {
    if (ex == null) {
      ctx.close();
      return;
    }
    ex.error = "malformed request body: " + why;
    ex.requestDone = true;
    lease.discard();
    if (ex.responseStarted) {
      ctx.close();
    } else {
      LocalAnswers.answer(
          ctx, shared, end(), HttpResponseStatus.BAD_REQUEST, "malformed request body", true);
    }
  }

  private void upstreamFailed(String cause, String message, HttpResponseStatus answer) {
    shared.metrics().upstreamError(cause);
    answerAndEnd(answer, message, false);
  }

  /**
   * A 502/503/504 of the proxy's own; the connection closes after it when the request body had not
   * ended.
   */
  private void answerAndEnd(HttpResponseStatus answer, String message, boolean close) {
    ex.error = message;
    log.warn("{} for {} {}: {}", answer.code(), ex.method, ex.uri, message);
    boolean mustClose = close || !ex.requestDone;
    LocalAnswers.answer(
        ctx,
        shared,
        end(),
        answer,
        answer.reasonPhrase().toLowerCase(Locale.ROOT) + ": " + message,
        mustClose);
  }

  /**
   * The exchange is over for this handler (its lease already released or discarded); returns it to
   * be finished once its last write completes. The next exchange may start at once (a pipelined
   * request replayed below).
   */
  private Exchange end() {
    Exchange done = ex;
    ex = null;
    forwarder.reset();
    return done;
  }
}
