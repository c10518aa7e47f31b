package io.regionaledge.proxy;

import io.netty.channel.EventLoop;
import java.util.Map;

/** What every connection handler needs from the running proxy. */
record Shared(
    ProxyConfig config,
    ProxyMetrics metrics,
    AccessLog accessLog,
    Readiness readiness,
    Map<EventLoop, UpstreamPool> pools) {

  UpstreamPool pool(EventLoop loop) {
    UpstreamPool p = pools.get(loop);
    if (p == null) {
      throw new IllegalStateException("no upstream pool for " + loop);
    }
    return p;
  }
}
