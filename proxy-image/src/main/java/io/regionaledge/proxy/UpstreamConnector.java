package io.regionaledge.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLHandshakeException;
import java.util.function.Consumer;

/**
 * Opens TLS connections to the backend on a given event loop (the client connection's own loop, so a request never
 * hops threads). SNI and hostname verification use the backend name; the TCP address may differ.
 */
final class UpstreamConnector {
    private final ProxyConfig config;
    private final Transport transport;
    private final SslContext clientTls;
    private final ProxyMetrics metrics;
    private final Runnable onHandshake;
    private final ChannelGroup all = new DefaultChannelGroup("upstreams", GlobalEventExecutor.INSTANCE);

    UpstreamConnector(ProxyConfig config, Transport transport, SslContext clientTls, ProxyMetrics metrics,
                      Runnable onHandshake) {
        this.config = config;
        this.transport = transport;
        this.clientTls = clientTls;
        this.metrics = metrics;
        this.onHandshake = onHandshake;
    }

    /** Closes every backend connection (pooled, busy and probes): the last step of a shutdown. */
    void closeAll() {
        all.close().awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Succeeds with a connection whose TLS handshake completed; fails with the connect or handshake cause. */
    Future<Upstream> connect(EventLoop loop, Consumer<Upstream> onClose) {
        Promise<Upstream> promise = loop.newPromise();
        ChannelFuture connected = openTls(loop, false);
        Channel ch = connected.channel();
        connected.addListener(c -> {
            if (!c.isSuccess()) {
                promise.tryFailure(c.cause());
                ch.close();
            }
        });
        Upstream upstream = new Upstream(ch);
        ch.pipeline().addLast("http", new HttpClientCodec(4096, 65536, 65536));
        ch.pipeline().addLast("upstream", upstream);
        metrics.upstreamOpen.incrementAndGet();
        ch.closeFuture().addListener(f -> {
            metrics.upstreamOpen.decrementAndGet();
            onClose.accept(upstream);
        });
        ch.pipeline().get(SslHandler.class).handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                ch.config().setAutoRead(false);
                onHandshake.run();
                promise.trySuccess(upstream);
            } else {
                ch.close();
                // a connect failure already failed the promise; anything else here is the TLS handshake
                promise.tryFailure(new SSLHandshakeException("TLS handshake with the backend failed: "
                        + PemFiles.oneLine(f.cause())));
            }
        });
        return promise;
    }

    /**
     * A bare TLS connection (readiness probes use it too); the TLS handshake is bounded by the connect timeout.
     * The caller closes the channel when the connect fails.
     */
    ChannelFuture openTls(EventLoop loop, boolean probe) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        Bootstrap b = new Bootstrap().group(loop).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler ssl = clientTls.newHandler(ch.alloc(), config.backend().host(),
                                config.backend().port());
                        ssl.setHandshakeTimeoutMillis(timeoutMs);
                        ch.pipeline().addLast("tls", ssl);
                        if (probe) {
                            ch.pipeline().addLast("probe", CloseOnError.INSTANCE);
                        }
                    }
                });
        HostPort a = config.backendAddress();
        ChannelFuture f = b.connect(InetSocketAddress.createUnresolved(a.host(), a.port()));
        all.add(f.channel());
        return f;
    }

    /** Probes only want the handshake outcome; their errors are reported through the handshake future. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class CloseOnError extends io.netty.channel.ChannelInboundHandlerAdapter {
        static final CloseOnError INSTANCE = new CloseOnError();

        @Override
        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
