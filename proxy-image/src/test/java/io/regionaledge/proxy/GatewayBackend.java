package io.regionaledge.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * Behaves like an API Gateway regional custom domain: TLS only for its own name (any other or no
 * SNI fails the handshake), 403 {"message":"Forbidden"} for any other Host, else 200 echoing what
 * it received. Extra paths: {@code /download?bytes=N} streams N bytes, {@code /slow?ms=N} answers
 * late. Counts connections and requests.
 */
final class GatewayBackend implements AutoCloseable {
  private static final AttributeKey<Integer> SERVED = AttributeKey.valueOf("served");
  private static final AttributeKey<String> SNI = AttributeKey.valueOf("sni");
  final String name;
  private final SslContext tls;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private Channel server;
  private int port;
  final AtomicInteger connections = new AtomicInteger();

  /** Request heads received (method + " " + uri), complete or not. */
  final List<String> heads = new CopyOnWriteArrayList<>();

  /** Requests whose body arrived completely. */
  final List<String> completed = new CopyOnWriteArrayList<>();

  final List<Map<String, String>> seenHeaders = new CopyOnWriteArrayList<>();
  volatile boolean silent;
  final AtomicBoolean dropNextReusedRequest = new AtomicBoolean();

  private final boolean anySni;

  GatewayBackend(String name) throws Exception {
    this(name, false);
  }

  /**
   * With {@code anySni} the handshake succeeds whatever the SNI (like a misconfigured server): its
   * certificate is still for {@code name}.
   */
  GatewayBackend(String name, boolean anySni) throws Exception {
    this.name = name;
    this.anySni = anySni;
    X509Bundle cert = TestPki.issue(name);
    this.tls =
        SslContextBuilder.forServer(cert.getKeyPair().getPrivate(), cert.getCertificatePath())
            .build();
  }

  GatewayBackend start(int wantedPort) throws InterruptedException {
    return start("127.0.0.1", wantedPort);
  }

  /**
   * Listens on {@code host} (a loopback address such as 127.0.0.3, so several backends share one
   * port).
   */
  GatewayBackend start(String host, int wantedPort) throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    connections.incrementAndGet();
                    channels.add(ch);
                    ch.pipeline()
                        .addLast(
                            new SniHandler(
                                host -> {
                                  ch.attr(SNI).set(host);
                                  return anySni || name.equalsIgnoreCase(host) ? tls : null;
                                }));
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpServerExpectContinueHandler(),
                            new Handler());
                  }
                })
            .bind(host, wantedPort)
            .sync()
            .channel();
    port = ((InetSocketAddress) server.localAddress()).getPort();
    return this;
  }

  int port() {
    return port;
  }

  /**
   * Stops listening and drops every connection; {@link #start(int)} with the same port brings it
   * back.
   */
  void stop() {
    if (server != null) {
      server.close().syncUninterruptibly();
      server = null;
    }
    channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    stop();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  /** Client connections open now. */
  int openConnections() {
    return channels.size();
  }

  boolean sawAnyUriContaining(String marker) {
    return heads.stream().anyMatch(h -> h.contains(marker));
  }

  private final class Handler extends ChannelInboundHandlerAdapter {
    private HttpRequest request;
    private boolean forbidden;
    private long bodyBytes;
    private final CRC32 crc = new CRC32();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpRequest req) {
          int served =
              ctx.channel().attr(SERVED).get() == null ? 0 : ctx.channel().attr(SERVED).get();
          if (served > 0 && dropNextReusedRequest.compareAndSet(true, false)) {
            ctx.close(); // like a backend that timed the idle connection out just as it was reused
            return;
          }
          request = req;
          heads.add(req.method() + " " + req.uri());
          Map<String, String> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          req.headers().forEach(e -> h.merge(e.getKey(), e.getValue(), (a, b) -> a + " | " + b));
          seenHeaders.add(h);
          forbidden = !name.equalsIgnoreCase(req.headers().get(HttpHeaderNames.HOST));
          bodyBytes = 0;
          crc.reset();
        }
        if (msg instanceof HttpContent c && request != null) {
          ByteBuf b = c.content();
          bodyBytes += b.readableBytes();
          if (b.hasArray()) {
            crc.update(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes());
          } else {
            crc.update(b.nioBuffer());
          }
          if (c instanceof LastHttpContent) {
            if (c.decoderResult().isFailure()) {
              ctx.close();
              return;
            }
            completed.add(request.method() + " " + request.uri());
            ctx.channel().attr(SERVED).set(completed.size());
            respond(ctx, request);
            request = null;
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      if (forbidden) {
        FullHttpResponse r = full(HttpResponseStatus.FORBIDDEN, "{\"message\":\"Forbidden\"}");
        r.headers().set("x-amzn-ErrorType", "ForbiddenException");
        send(ctx, r, keepAlive);
        return;
      }
      if (silent) {
        return;
      }
      QueryStringDecoder q = new QueryStringDecoder(req.uri());
      if (q.path().equals("/download")) {
        long n = Long.parseLong(q.parameters().get("bytes").get(0));
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpUtil.setContentLength(head, n);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
        ctx.write(head);
        stream(ctx, n, keepAlive);
        return;
      }
      FullHttpResponse r = full(HttpResponseStatus.OK, "{\"message\":\"hello from " + name + "\"}");
      r.headers()
          .set("x-echo-host", String.valueOf(req.headers().get(HttpHeaderNames.HOST)))
          .set("x-echo-xff", String.valueOf(req.headers().get("x-forwarded-for")))
          .set("x-echo-xfp", String.valueOf(req.headers().get("x-forwarded-proto")))
          .set("x-echo-xfh", String.valueOf(req.headers().get("x-forwarded-host")))
          .set("x-echo-uri", req.uri())
          .set("x-echo-sni", String.valueOf(ctx.channel().attr(SNI).get()))
          .set("x-echo-body-bytes", bodyBytes)
          .set("x-echo-body-crc", Long.toHexString(crc.getValue()));
      if (q.path().equals("/slow")) {
        long ms = Long.parseLong(q.parameters().get("ms").get(0));
        ctx.executor().schedule(() -> send(ctx, r, keepAlive), ms, TimeUnit.MILLISECONDS);
        return;
      }
      send(ctx, r, keepAlive);
    }

    /**
     * Writes the next 64 KiB only once the previous one left, so the backend itself never buffers
     * much.
     */
    private void stream(ChannelHandlerContext ctx, long remaining, boolean keepAlive) {
      if (remaining == 0) {
        var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
          f.addListener(ChannelFutureListener.CLOSE);
        }
        return;
      }
      int n = (int) Math.min(65536, remaining);
      // filled as an array and written once: with paranoid leak detection every ByteBuf access
      // records a
      // stack trace, and 50 MB written byte by byte took 90 s
      byte[] bytes = new byte[n];
      for (int i = 0; i < n; i++) {
        bytes[i] = (byte) ((remaining - i) & 0x7f);
      }
      ByteBuf chunk = ctx.alloc().buffer(n).writeBytes(bytes);
      ctx.writeAndFlush(new DefaultHttpContent(chunk))
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  stream(ctx, remaining - n, keepAlive);
                }
              });
    }

    private FullHttpResponse full(HttpResponseStatus s, String body) {
      FullHttpResponse r =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, s, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
      r.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
      return r;
    }

    private void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
      HttpUtil.setKeepAlive(r, keepAlive);
      var f = ctx.writeAndFlush(r);
      if (!keepAlive) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
