package io.regionaledge.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy: TLS listener, admin listener, upstream pools, readiness, certificate reload,
 * drain.
 */
final class ProxyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
  private static final AttributeKey<Boolean> HTTP2 = AttributeKey.valueOf("regionaledge.h2");
  static final long CERT_POLL_MS = 2000;
  static final int MAX_STREAMS = 256;

  /**
   * Per-stream receive window (HTTP/2 default 65,535). Netty widens the connection window by twice
   * the difference (Http2FrameCodec.tryExpandConnectionFlowControlWindow), so one upload that is
   * slow to drain no longer stalls every other upload on the connection, and an upload is not
   * capped at 64 KiB per round trip. Memory: a stream buffers at most this much unread, and all
   * streams together at most the connection window (about 450 KiB per connection).
   */
  static final int STREAM_WINDOW = 256 * 1024;

  private final ProxyConfig config;
  private final Transport transport;
  private final Tls tls;
  private final ProxyMetrics metrics;
  private final AccessLog accessLog;
  private final Readiness readiness;
  private final AtomicReference<SslContext> serverTls;
  private final EventLoopGroup group;
  private final java.util.concurrent.atomic.AtomicInteger handshaking =
      new java.util.concurrent.atomic.AtomicInteger();
  private final int maxHandshaking;
  private final ChannelGroup clients =
      new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
  private final Map<EventLoop, UpstreamPool> pools = new IdentityHashMap<>();
  private CertReloader reloader;
  private Channel listener;
  private Channel admin;
  private final HttpDecoderConfig decoderConfig;
  private final UpstreamConnector connector;
  private final BackendAddresses addresses;

  ProxyServer(
      ProxyConfig config,
      Transport transport,
      Tls tls,
      PemFiles.KeyPair keyPair,
      int threads,
      AccessLog accessLog)
      throws Exception {
    this.config = config;
    this.transport = transport;
    this.tls = tls;
    this.metrics = new ProxyMetrics();
    this.accessLog = accessLog;
    this.readiness = new Readiness(config);
    this.maxHandshaking = Math.max(1024, config.maxConnections());
    this.serverTls = new AtomicReference<>(tls.server(keyPair));
    this.decoderConfig =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(config.maxHeaderBytes())
            .setMaxHeaderSize(config.maxHeaderBytes())
            .setMaxChunkSize(65536)
            .setValidateHeaders(true)
            .setStrictLineParsing(true)
            .setAllowDuplicateContentLengths(false)
            .setAllowPartialChunks(true)
            .setUseRfc9112TransferEncoding(true);
    SslContext clientTls = tls.client(config);
    this.group = transport.newGroup(threads, "proxy");
    this.addresses =
        new BackendAddresses(
            config.backendAddress(),
            config.dnsServer(),
            config.dnsMaxTtl(),
            config.connectTimeout(),
            group,
            transport.datagramChannel());
    connector =
        new UpstreamConnector(
            config, transport, clientTls, metrics, readiness::handshakeSucceeded, addresses);
    for (EventExecutor e : group) {
      pools.put(
          (EventLoop) e,
          new UpstreamPool(
              (EventLoop) e,
              connector,
              metrics,
              config.maxBackendConnections(),
              config.connectTimeout().toNanos(),
              config.backendMaxConnectionAge().toNanos()));
    }
    readiness.start(group.next(), connector, config.backendProbeInterval().toMillis());
  }

  /** Binds both listeners; throws (before anything listens for users) when one cannot be bound. */
  void start() throws Exception {
    Shared shared = new Shared(config, metrics, accessLog, readiness, pools);
    ServerBootstrap admins =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new HttpObjectAggregator(8192),
                            new AdminHandler(metrics, readiness));
                  }
                });
    admin = admins.bind(address(config.adminListen())).sync().channel();
    ServerBootstrap users =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    accept(ch, shared);
                  }
                });
    try {
      listener = users.bind(address(config.listen())).sync().channel();
    } catch (Exception e) {
      admin.close();
      throw e;
    }
    reloader = new CertReloader(config.cert(), config.key(), tls, serverTls);
    reloader.start(CERT_POLL_MS);
    log.info(
        "listening on {} (TLS, h2 + http/1.1), admin on {}, backend {} via {}",
        listener.localAddress(),
        admin.localAddress(),
        config.backendAuthority(),
        addresses.describe());
  }

  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  int adminPort() {
    return ((InetSocketAddress) admin.localAddress()).getPort();
  }

  Readiness readiness() {
    return readiness;
  }

  ProxyMetrics metrics() {
    return metrics;
  }

  /**
   * A connection counts against {@code --max-connections} only once its TLS handshake succeeded, as
   * haproxy counts sessions: otherwise cheap connections that never send a ClientHello (each lives
   * up to the header timeout) would keep real clients out. Handshakes in progress have their own,
   * larger cap.
   */
  private void accept(Channel ch, Shared shared) {
    if (handshaking.incrementAndGet() > maxHandshaking) {
      handshaking.decrementAndGet();
      log.warn(
          "refusing connection from {}: {} TLS handshakes in progress",
          ch.remoteAddress(),
          maxHandshaking);
      ch.close();
      return;
    }
    clients.add(ch);
    SslHandler ssl = serverTls.get().newHandler(ch.alloc());
    ssl.setHandshakeTimeoutMillis(config.requestHeaderTimeout().toMillis());
    ssl.handshakeFuture()
        .addListener(
            f -> {
              handshaking.decrementAndGet();
              if (!f.isSuccess()) {
                return;
              }
              if (metrics.openConnections.incrementAndGet() > config.maxConnections()) {
                metrics.openConnections.decrementAndGet();
                log.warn(
                    "refusing connection from {}: {} connections open",
                    ch.remoteAddress(),
                    config.maxConnections());
                ch.close();
                return;
              }
              ch.closeFuture().addListener(c -> metrics.openConnections.decrementAndGet());
            });
    ch.pipeline().addLast("tls", ssl);
    ch.pipeline()
        .addLast(
            "alpn",
            new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
              @Override
              protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (!ctx.channel().isActive()) {
                  return; // refused above, after the handshake
                }
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                  http2Pipeline(ctx.channel(), shared);
                } else {
                  http1Pipeline(ctx.channel(), shared);
                }
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // a client resetting before ALPN completed is routine (every load generator,
                // scanner or impatient
                // browser): Netty's handler would log two warnings per connection, synchronously,
                // on the loop
                log.debug(
                    "connection from {} failed before HTTP: {}",
                    ctx.channel().remoteAddress(),
                    PemFiles.oneLine(cause));
                ctx.close();
              }

              @Override
              protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                log.debug(
                    "TLS handshake with {} failed: {}",
                    ctx.channel().remoteAddress(),
                    PemFiles.oneLine(cause));
                ctx.close();
              }
            });
  }

  private void http1Pipeline(Channel ch, Shared shared) {
    ch.config().setAutoRead(false);
    ClientTimeouts timeouts = new ClientTimeouts(config);
    ch.pipeline().addLast("timeouts", timeouts);
    ch.pipeline().addLast("http", new HttpServerCodec(decoderConfig));
    ch.pipeline().addLast("http1", new Http1Traffic(timeouts, readiness::draining));
    ch.pipeline().addLast("answers", new LocalAnswers(shared, false));
    ch.pipeline().addLast("proxy", new FrontendHandler(shared));
  }

  private void http2Pipeline(Channel ch, Shared shared) {
    ch.attr(HTTP2).set(Boolean.TRUE);
    ch.pipeline()
        .addLast(
            "idle",
            new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    ch.pipeline()
        .addLast(
            "idle-close",
            new ChannelInboundHandlerAdapter() {
              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof IdleStateEvent) {
                  ctx.close();
                } else {
                  ctx.fireUserEventTriggered(evt);
                }
              }
            });
    // responses of many streams finish within one backend read batch; each stream's flush would
    // otherwise be
    // its own TLS record and write(2). Consolidated flushes run once the loop's current work is
    // done.
    ch.pipeline()
        .addLast(
            "flush",
            new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    ch.pipeline()
        .addLast(
            "h2",
            Rfc9113StreamRules.serverCodec()
                .initialSettings(
                    Http2Settings.defaultSettings()
                        .maxHeaderListSize(config.maxHeaderBytes())
                        .maxConcurrentStreams(MAX_STREAMS)
                        .initialWindowSize(STREAM_WINDOW))
                .gracefulShutdownTimeoutMillis(config.drainTimeout().toMillis())
                .validateHeaders(true)
                .build());
    ch.pipeline()
        .addLast(
            "streams",
            new Http2MultiplexHandler(
                new ChannelInitializer<Http2StreamChannel>() {
                  @Override
                  protected void initChannel(Http2StreamChannel stream) {
                    stream.config().setAutoRead(false);
                    // per-stream timeouts: the connection's idle handler alone is reset by any
                    // PING, so a stream
                    // that never ends its body would hold its backend connection forever
                    ClientTimeouts timeouts = new ClientTimeouts(config);
                    stream
                        .pipeline()
                        .addLast(
                            timeouts,
                            new Http2RequestCheck(),
                            new Http2StreamFrameToHttpObjectCodec(true, true),
                            new Http2StreamTraffic(),
                            new LocalAnswers(shared, true),
                            new FrontendHandler(shared));
                  }
                }));
  }

  /**
   * SIGTERM: unready at once, keep serving (new connections too) for the grace period, then stop
   * listening, let in-flight requests finish for at most the drain timeout, and stop.
   */
  void drain() {
    readiness.startDraining();
    log.info(
        "draining: not ready; serving for {} more, then waiting up to {} for in-flight requests",
        Durations.format(config.drainGracePeriod()),
        Durations.format(config.drainTimeout()));
    sleep(config.drainGracePeriod().toMillis());
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    for (Channel ch : clients) {
      ch.eventLoop()
          .execute(
              () -> {
                if (Boolean.TRUE.equals(ch.attr(HTTP2).get())) {
                  closeHttp2IfIdle(ch);
                } else {
                  ch.pipeline().fireUserEventTriggered(Http1Traffic.DRAIN);
                }
              });
    }
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    for (int round = 1; metrics.inFlight.get() > 0 && System.nanoTime() < deadline; round++) {
      sleep(20);
      if (round % 5 == 0) {
        for (Channel ch : clients) {
          if (Boolean.TRUE.equals(ch.attr(HTTP2).get())) {
            ch.eventLoop().execute(() -> closeHttp2IfIdle(ch));
          }
        }
      }
    }
    int left = metrics.inFlight.get();
    if (left > 0) {
      log.warn("drain timeout: {} requests still in flight, closing", left);
    } else {
      log.info("drained: no request in flight");
    }
    close();
  }

  /**
   * GOAWAY and close an HTTP/2 connection once no stream is open on it. Not earlier: a graceful
   * GOAWAY would let open streams finish, but some clients (the JDK 17 HttpClient) fail every open
   * stream when they receive one.
   */
  private static void closeHttp2IfIdle(Channel ch) {
    Http2FrameCodec codec = ch.pipeline().get(Http2FrameCodec.class);
    if (codec == null || codec.connection().numActiveStreams() == 0) {
      ch.close();
    }
  }

  @Override
  public void close() {
    readiness.stop();
    if (reloader != null) {
      reloader.close();
    }
    if (listener != null) {
      listener.close();
    }
    if (admin != null) {
      admin.close();
    }
    clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    for (Map.Entry<EventLoop, UpstreamPool> e : pools.entrySet()) {
      if (!e.getKey().isShuttingDown()) {
        e.getKey().submit(e.getValue()::close).awaitUninterruptibly(2, TimeUnit.SECONDS);
      }
    }
    connector.closeAll();
    addresses.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (accessLog != null) {
      accessLog.close();
    }
  }

  private static InetSocketAddress address(HostPort hp) {
    return new InetSocketAddress(hp.host(), hp.port());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
