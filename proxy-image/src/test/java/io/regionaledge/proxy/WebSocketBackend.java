package io.regionaledge.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An API Gateway WebSocket API stand-in: TLS only for its own SNI, the WebSocket handshake on
 * {@code /chat} (Netty's server codec: 101 with Sec-WebSocket-Accept; another Host gets 403, as API
 * Gateway answers a custom domain it does not serve), then every text or binary message echoed
 * back. Records the handshake headers and SNI.
 */
final class WebSocketBackend implements AutoCloseable {
  final String name;
  private final SslContext tls;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ChannelGroup channels =
      new DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
  private Channel server;
  final List<Map<String, String>> handshakes = new CopyOnWriteArrayList<>();
  final List<String> snis = new CopyOnWriteArrayList<>();

  /** WebSocket sessions (completed handshakes) that ended. */
  final AtomicInteger sessionsClosed = new AtomicInteger();

  WebSocketBackend(String name) throws Exception {
    this.name = name;
    X509Bundle cert = TestPki.issue(name);
    this.tls =
        SslContextBuilder.forServer(cert.getKeyPair().getPrivate(), cert.getCertificatePath())
            .build();
  }

  WebSocketBackend start() throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    channels.add(ch);
                    ch.pipeline()
                        .addLast(
                            new SniHandler(
                                host -> {
                                  snis.add(String.valueOf(host));
                                  return name.equalsIgnoreCase(host) ? tls : null;
                                }));
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(65536),
                            new Handshake(),
                            new WebSocketServerProtocolHandler("/chat", null, false, 1 << 20),
                            new Echo(sessionsClosed));
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    return this;
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  /**
   * Records the handshake request; a Host other than the backend's own name is refused with 403.
   */
  private final class Handshake extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FullHttpRequest req) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        req.headers().forEach(e -> h.merge(e.getKey(), e.getValue(), (a, b) -> a + " | " + b));
        handshakes.add(h);
        if (!name.equalsIgnoreCase(req.headers().get(HttpHeaderNames.HOST))) {
          req.release();
          var r =
              new io.netty.handler.codec.http.DefaultFullHttpResponse(
                  io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                  io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN);
          r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
          ctx.writeAndFlush(r);
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final AtomicInteger sessionsClosed;
    private boolean session;

    Echo(AtomicInteger sessionsClosed) {
      this.sessionsClosed = sessionsClosed;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        session = true;
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (session) {
        sessionsClosed.incrementAndGet();
      }
      ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame t) {
        ctx.writeAndFlush(new TextWebSocketFrame(t.text()));
      } else if (frame instanceof BinaryWebSocketFrame b) {
        ctx.writeAndFlush(new BinaryWebSocketFrame(b.content().retain()));
      }
    }
  }
}
