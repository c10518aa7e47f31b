package io.regionaledge.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The stage for answers the proxy gives itself, below the exchange: every request head becomes an
 * {@link Exchange} here; one that breaks {@link RequestRules} is answered (and the connection
 * closed after it), the health path is answered from readiness, anything else goes on to {@link
 * FrontendHandler} as the Exchange followed by its body. The rest of a request answered here is
 * dropped; the traffic handler below reads it off or resets the stream.
 */
final class LocalAnswers extends ChannelInboundHandlerAdapter {
  private final Shared shared;
  private final boolean http2;
  private String clientIp = "-";
  private boolean dropping;

  LocalAnswers(Shared shared, boolean http2) {
    this.shared = shared;
    this.http2 = http2;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    Channel addressed = http2 ? ctx.channel().parent() : ctx.channel();
    SocketAddress remote = addressed == null ? null : addressed.remoteAddress();
    if (remote instanceof InetSocketAddress isa && isa.getAddress() != null) {
      clientIp = isa.getAddress().getHostAddress();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      onRequest(ctx, req);
    } else if (dropping && msg instanceof HttpContent c) {
      dropping = !(c instanceof LastHttpContent);
      c.release();
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
    Exchange ex = new Exchange(req, http2, clientIp);
    shared.metrics().inFlight.incrementAndGet();
    boolean ended = req instanceof LastHttpContent;
    RequestRules.Rejection rejection =
        RequestRules.check(req, shared.config().maxHeaderBytes(), http2);
    String path = req.uri();
    int q = path.indexOf('?');
    boolean health =
        rejection == null
            && (q < 0 ? path : path.substring(0, q)).equals(shared.config().healthPath());
    if (rejection != null || health) {
      if (req instanceof HttpContent c) {
        c.release();
      }
      dropping = !ended;
      ex.requestDone = ended;
      if (rejection != null) {
        // the byte stream cannot be trusted after a malformed request: answer and close
        ex.error = rejection.reason();
        answer(ctx, shared, ex, rejection.status(), rejection.reason(), true);
      } else {
        boolean ready = shared.readiness().ready();
        answer(
            ctx,
            shared,
            ex,
            ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
            ready ? "ready" : "not ready: " + shared.readiness().why(),
            false);
      }
      return;
    }
    dropping = false;
    ex.upgrade = !http2 && RequestRules.isWebSocketUpgrade(req.headers());
    ctx.fireChannelRead(ex);
    if (req instanceof HttpContent c) {
      // a full request (HTTP/2 HEADERS with END_STREAM): its body travels as plain content after
      // the head
      ctx.fireChannelRead(
          c instanceof LastHttpContent l
              ? new DefaultLastHttpContent(c.content(), l.trailingHeaders())
              : new DefaultHttpContent(c.content()));
    }
  }

  /**
   * Answers {@code ex} with a short text and ends it once written. With {@code close} the HTTP/1
   * response says {@code Connection: close} (the traffic handler closes after it); HTTP/2 ends the
   * stream either way.
   */
  static void answer(
      ChannelHandlerContext ctx,
      Shared shared,
      Exchange ex,
      HttpResponseStatus s,
      String body,
      boolean close) {
    ex.status = s.code();
    ex.responseStarted = true;
    FullHttpResponse response = Responses.text(ctx.alloc(), s, body, close && !ex.http2);
    ex.bytesOut = response.content().readableBytes();
    if (HttpMethod.HEAD.name().equals(ex.method)) {
      response.content().clear();
    }
    ctx.writeAndFlush(response)
        .addListener(
            f -> {
              if (!f.isSuccess() && ex.error == null) {
                ex.error = "client write failed";
              }
              ex.finish(shared);
            });
  }
}
