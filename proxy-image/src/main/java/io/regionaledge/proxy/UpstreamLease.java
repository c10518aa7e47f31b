package io.regionaledge.proxy;

import io.netty.channel.Channel;

/**
 * The backend connection an exchange holds, and the only two ways to give it up: {@link #release()}
 * back to the pool (the response ended cleanly and the connection may carry another), or {@link
 * #discard()} (closed: anything else). Both are idempotent, so every path of an exchange can end
 * its lease without knowing what ran before. One per client connection or stream, reused by its
 * exchanges; event-loop confined.
 */
final class UpstreamLease {
  private final UpstreamPool pool;
  private Upstream upstream;

  UpstreamLease(UpstreamPool pool) {
    this.pool = pool;
  }

  void hold(Upstream u, UpstreamListener listener) {
    discard();
    upstream = u;
    u.attach(listener);
  }

  boolean held() {
    return upstream != null;
  }

  /**
   * True while {@code ch} is the connection held (a write listener may fire after the lease moved
   * on).
   */
  boolean holds(Channel ch) {
    return upstream != null && upstream.channel() == ch;
  }

  Channel channel() {
    return upstream.channel();
  }

  boolean reused() {
    return upstream != null && upstream.reused();
  }

  void release() {
    Upstream u = upstream;
    upstream = null;
    if (u != null) {
      pool.release(u);
    }
  }

  void discard() {
    Upstream u = upstream;
    upstream = null;
    if (u != null) {
      u.detach();
      u.channel().close();
    }
  }

  /**
   * The connection leaves the pool's reuse for good (a WebSocket tunnel); it still counts until it
   * closes.
   */
  Channel takeForTunnel() {
    Upstream u = upstream;
    upstream = null;
    u.detach();
    return u.channel();
  }
}
