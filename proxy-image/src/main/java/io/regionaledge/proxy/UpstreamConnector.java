package io.regionaledge.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;

/**
 * Opens TLS connections to the backend on a given event loop (the client connection's own loop, so
 * a request never hops threads). SNI and hostname verification use the backend name; the TCP
 * address may differ.
 */
final class UpstreamConnector {
  /**
   * Addresses tried per connection: enough to step over a dead one, bounded when the network is
   * down.
   */
  static final int MAX_ATTEMPTS = 3;

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(UpstreamConnector.class);
  private final ProxyConfig config;
  private final Transport transport;
  private final SslContext clientTls;
  private final ProxyMetrics metrics;
  private final Runnable onHandshake;
  private final BackendAddresses addresses;
  private final ChannelGroup all =
      new DefaultChannelGroup("upstreams", GlobalEventExecutor.INSTANCE);

  UpstreamConnector(
      ProxyConfig config,
      Transport transport,
      SslContext clientTls,
      ProxyMetrics metrics,
      Runnable onHandshake,
      BackendAddresses addresses) {
    this.config = config;
    this.addresses = addresses;
    this.transport = transport;
    this.clientTls = clientTls;
    this.metrics = metrics;
    this.onHandshake = onHandshake;
  }

  /** Closes every backend connection (pooled, busy and probes): the last step of a shutdown. */
  void closeAll() {
    all.close().awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
  }

  /**
   * Succeeds with a connection whose TLS handshake completed; fails with the lookup, connect or
   * handshake cause. {@code onClose} runs once for every call: when the connection closes, or with
   * {@code null} when none was made.
   */
  Future<Upstream> connect(EventLoop loop, Consumer<Upstream> onClose) {
    Promise<Upstream> promise = loop.newPromise();
    openTls(loop, false)
        .addListener(
            c -> {
              if (!c.isSuccess()) {
                promise.tryFailure(c.cause());
                onClose.accept(null);
                return;
              }
              Channel ch = (Channel) c.getNow();
              Upstream upstream = new Upstream(ch);
              ch.pipeline().addLast("http", new HttpClientCodec(4096, 65536, 65536));
              ch.pipeline().addLast("upstream", upstream);
              metrics.upstreamOpen.incrementAndGet();
              ch.closeFuture()
                  .addListener(
                      f -> {
                        metrics.upstreamOpen.decrementAndGet();
                        onClose.accept(upstream);
                      });
              ch.pipeline()
                  .get(SslHandler.class)
                  .handshakeFuture()
                  .addListener(
                      f -> {
                        if (f.isSuccess()) {
                          ch.config().setAutoRead(false);
                          onHandshake.run();
                          promise.trySuccess(upstream);
                        } else {
                          ch.close();
                          promise.tryFailure(
                              new SSLHandshakeException(
                                  "TLS handshake with the backend failed: "
                                      + PemFiles.oneLine(f.cause())));
                        }
                      });
            });
    return promise;
  }

  /**
   * A TCP connection to one of the backend's addresses with TLS in its pipeline, the handshake
   * under way (readiness probes use it too); the handshake is bounded by the connect timeout. The
   * addresses are tried in turn (at most {@link #MAX_ATTEMPTS}, each with the connect timeout)
   * until one accepts: one dead address of several must not fail requests. Fails with the lookup
   * failure or the last connect failure.
   */
  Future<Channel> openTls(EventLoop loop, boolean probe) {
    Promise<Channel> promise = loop.newPromise();
    addresses
        .resolve(loop)
        .addListener(
            r -> {
              if (!r.isSuccess()) {
                promise.tryFailure(r.cause());
                return;
              }
              @SuppressWarnings("unchecked")
              List<InetSocketAddress> to = (List<InetSocketAddress>) r.getNow();
              attempt(bootstrap(loop, probe), to, 0, promise);
            });
    return promise;
  }

  private void attempt(Bootstrap b, List<InetSocketAddress> to, int i, Promise<Channel> promise) {
    ChannelFuture f = b.connect(to.get(i));
    all.add(f.channel());
    f.addListener(
        c -> {
          if (c.isSuccess()) {
            if (!promise.trySuccess(f.channel())) {
              f.channel().close();
            }
            return;
          }
          f.channel().close();
          if (i + 1 < Math.min(to.size(), MAX_ATTEMPTS)) {
            log.debug(
                "backend address {} failed ({}), trying {}",
                to.get(i),
                PemFiles.oneLine(c.cause()),
                to.get(i + 1));
            attempt(b, to, i + 1, promise);
          } else {
            promise.tryFailure(c.cause());
          }
        });
  }

  private Bootstrap bootstrap(EventLoop loop, boolean probe) {
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
    return new Bootstrap()
        .group(loop)
        .channel(transport.socketChannel())
        // addresses come resolved from BackendAddresses; never Bootstrap's blocking default
        // resolver
        .disableResolver()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                SslHandler ssl =
                    clientTls.newHandler(
                        ch.alloc(), config.backend().host(), config.backend().port());
                ssl.setHandshakeTimeoutMillis(timeoutMs);
                ch.pipeline().addLast("tls", ssl);
                if (probe) {
                  ch.pipeline().addLast("probe", CloseOnError.INSTANCE);
                }
              }
            });
  }

  /**
   * Probes only want the handshake outcome; their errors are reported through the handshake future.
   */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class CloseOnError extends io.netty.channel.ChannelInboundHandlerAdapter {
    static final CloseOnError INSTANCE = new CloseOnError();

    @Override
    public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
