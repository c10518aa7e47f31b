package io.regionaledge.proxy;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Plain HTTP for the kubelet and Prometheus: /healthz (alive), /readyz (same verdict as the health
 * path), /metrics.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final ProxyMetrics metrics;
  private final Readiness readiness;

  AdminHandler(ProxyMetrics metrics, Readiness readiness) {
    this.metrics = metrics;
    this.readiness = readiness;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    String path = req.uri().split("\\?", 2)[0];
    FullHttpResponse res;
    switch (path) {
      case "/healthz" -> res = Responses.text(ctx.alloc(), HttpResponseStatus.OK, "ok", false);
      case "/readyz" -> {
        boolean ready = readiness.ready();
        res =
            Responses.text(
                ctx.alloc(),
                ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                readiness.why(),
                false);
      }
      case "/metrics" -> {
        res =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK,
                ByteBufUtil.writeUtf8(ctx.alloc(), metrics.scrape()));
        res.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
            .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
      }
      default ->
          res = Responses.text(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "not found", false);
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    HttpUtil.setKeepAlive(res, keepAlive);
    var f = ctx.writeAndFlush(res);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
