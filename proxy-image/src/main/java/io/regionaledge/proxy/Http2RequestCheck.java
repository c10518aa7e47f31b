package io.regionaledge.proxy;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * First stage of an HTTP/2 stream: RFC 9113 §8.3.1 requires exactly one non-empty {@code :method},
 * {@code :scheme} and {@code :path} in every request but CONNECT (refused later anyway). Netty
 * 4.2.18 checks that pseudo-headers are known and not repeated, but lets a request without {@code
 * :scheme} through to the HTTP/1.1 conversion (which then reaches the backend) and fails on a
 * missing {@code :method} or {@code :path} with an exception that closes the stream with CANCEL. A
 * malformed request is a stream error of type PROTOCOL_ERROR (§8.1.1).
 */
final class Http2RequestCheck extends ChannelInboundHandlerAdapter {
  private boolean checked;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!checked && msg instanceof Http2HeadersFrame h) {
      checked = true;
      if (!isComplete(h.headers())) {
        ReferenceCountUtil.release(msg);
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR))
            .addListener(ChannelFutureListener.CLOSE);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  static boolean isComplete(Http2Headers h) {
    CharSequence method = h.method();
    if (method == null || method.length() == 0) {
      return false;
    }
    if ("CONNECT".contentEquals(method)) {
      return true; // no :scheme or :path in a CONNECT (§8.5); RequestRules answers 405
    }
    return h.scheme() != null
        && h.scheme().length() > 0
        && h.path() != null
        && h.path().length() > 0;
  }
}
