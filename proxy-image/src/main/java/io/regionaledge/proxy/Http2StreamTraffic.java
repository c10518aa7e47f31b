package io.regionaledge.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;

/**
 * The HTTP/2 counterpart of {@link Http1Traffic} for one stream (one exchange per stream): an
 * answer written before the request's END_STREAM is followed by RST_STREAM(NO_ERROR) (RFC 9113
 * §8.1), so the rest of the upload is not left unread, holding the connection flow-control window
 * the other streams share; body frames after the answer are dropped; a stream error from Netty's
 * decoder resets the stream with its own code (its multiplexer would send CANCEL, which hides what
 * was wrong).
 */
final class Http2StreamTraffic extends ChannelDuplexHandler {
  private boolean requestEnded;
  private boolean answered;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof LastHttpContent) {
      requestEnded = true;
    }
    if (answered && msg instanceof HttpContent c && !(msg instanceof HttpRequest)) {
      c.release();
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean informational =
        msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    if (msg instanceof LastHttpContent && !informational) {
      answered = true;
      ChannelPromise p = promise.unvoid();
      p.addListener(
          f -> {
            if (f.isSuccess() && !requestEnded && ctx.channel().isActive()) {
              ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR))
                  .addListener(ChannelFutureListener.CLOSE);
            }
          });
      ctx.write(msg, p);
      return;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2Exception.StreamException se) {
      // RFC 9113 §5.4.2
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(se.error()))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
