package io.regionaledge.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready = a TLS handshake with the backend (SNI and certificate checked) succeeded recently and we
 * are not draining. A probe opens a fresh connection every interval; pooled connections that
 * complete a handshake count too. A failed probe makes the proxy unready at once.
 */
final class Readiness {
  private static final Logger log = LoggerFactory.getLogger(Readiness.class);
  private final long staleAfterNanos;
  private volatile long lastHandshake = Long.MIN_VALUE;
  private volatile boolean lastProbeFailed = true;
  private volatile boolean draining;
  private volatile String lastCause = "no probe yet";
  private Boolean reported;
  private java.util.concurrent.ScheduledFuture<?> probes;

  Readiness(ProxyConfig config) {
    this.staleAfterNanos =
        3 * config.backendProbeInterval().toNanos() + config.connectTimeout().toNanos();
  }

  boolean ready() {
    return !draining && backendReachable();
  }

  boolean backendReachable() {
    long last = lastHandshake;
    return !lastProbeFailed && last != Long.MIN_VALUE && System.nanoTime() - last < staleAfterNanos;
  }

  boolean draining() {
    return draining;
  }

  void startDraining() {
    draining = true;
  }

  String why() {
    return draining
        ? "draining"
        : backendReachable() ? "ready" : "backend unreachable: " + lastCause;
  }

  void handshakeSucceeded() {
    lastHandshake = System.nanoTime();
  }

  /** Probes now and then every interval, on the given loop. */
  void start(EventLoop loop, UpstreamConnector connector, long intervalMs) {
    probes =
        loop.scheduleWithFixedDelay(
            () -> probe(connector, loop), 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (probes != null) {
      probes.cancel(false);
    }
  }

  private void probe(UpstreamConnector connector, EventLoop loop) {
    connector
        .openTls(loop, true)
        .addListener(
            c -> {
              if (!c.isSuccess()) {
                result(false, PemFiles.oneLine(c.cause()));
                return;
              }
              Channel ch = (Channel) c.getNow();
              ch.pipeline()
                  .get(SslHandler.class)
                  .handshakeFuture()
                  .addListener(
                      h -> {
                        if (h.isSuccess()) {
                          handshakeSucceeded();
                          result(true, null);
                        } else {
                          result(false, "TLS: " + PemFiles.oneLine(h.cause()));
                        }
                        ch.close();
                      });
            });
  }

  private void result(boolean ok, String cause) {
    lastProbeFailed = !ok;
    if (cause != null) {
      lastCause = cause;
    }
    if (reported == null || reported != ok) {
      reported = ok;
      if (ok) {
        log.info("backend reachable: TLS handshake succeeded");
      } else {
        log.warn("backend unreachable: {}", cause);
      }
    }
  }
}
