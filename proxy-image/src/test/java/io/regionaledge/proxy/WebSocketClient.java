package io.regionaledge.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (Netty's handshaker and frame codecs) over TLS to the proxy, SNI = the
 * public name, HTTP/1.1: what a browser's {@code new WebSocket("wss://fast.example.com/chat")}
 * sends. Messages received are queued.
 */
final class WebSocketClient implements AutoCloseable {
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  final CompletableFuture<Void> handshake = new CompletableFuture<>();
  final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  Channel channel;

  static WebSocketClient connect(int port, String path) throws Exception {
    WebSocketClient c = new WebSocketClient();
    c.open(port, path);
    return c;
  }

  private void open(int port, String path) throws Exception {
    SslContext tls =
        SslContextBuilder.forClient().trustManager(TestPki.ca().toTrustManagerFactory()).build();
    URI uri = URI.create("wss://" + TestPki.PUBLIC_NAME + path);
    var handshaker =
        WebSocketClientHandshakerFactory.newHandshaker(
            uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20);
    channel =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            tls.newHandler(ch.alloc(), TestPki.PUBLIC_NAME, port),
                            new HttpClientCodec(),
                            new HttpObjectAggregator(65536),
                            new WebSocketClientProtocolHandler(handshaker, true, false),
                            new Collector());
                  }
                })
            .connect("127.0.0.1", port)
            .sync()
            .channel();
  }

  void send(String text) {
    channel.writeAndFlush(new TextWebSocketFrame(text));
  }

  void send(byte[] bytes) {
    channel.writeAndFlush(
        new BinaryWebSocketFrame(channel.alloc().buffer(bytes.length).writeBytes(bytes)));
  }

  /** The next message: a String for text, a byte[] for binary; null after {@code seconds}. */
  Object next(long seconds) throws InterruptedException {
    return received.poll(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  private final class Collector extends SimpleChannelInboundHandler<WebSocketFrame> {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        handshake.complete(null);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame t) {
        received.add(t.text());
      } else if (frame instanceof BinaryWebSocketFrame b) {
        ByteBuf content = b.content();
        received.add(ByteBufUtil.getBytes(content));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      handshake.completeExceptionally(
          new IllegalStateException("connection closed before the handshake"));
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      handshake.completeExceptionally(cause);
      ctx.close();
    }
  }
}
