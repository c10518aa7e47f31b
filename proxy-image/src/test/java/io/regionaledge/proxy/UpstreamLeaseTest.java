package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpstreamLeaseTest {
  private final EmbeddedChannel backend = new EmbeddedChannel();
  private final ProxyMetrics metrics = new ProxyMetrics();
  private final UpstreamPool pool =
      new UpstreamPool(
          backend.eventLoop(),
          null,
          metrics,
          4,
          TimeUnit.SECONDS.toNanos(1),
          TimeUnit.SECONDS.toNanos(60));
  private final UpstreamLease lease = new UpstreamLease(pool);
  private final UpstreamListener listener =
      new UpstreamListener() {
        @Override
        public void onResponse(HttpObject msg) {}

        @Override
        public void onResponseBatchEnd() {}

        @Override
        public void onUpstreamClosed(Throwable cause) {}
      };

  @AfterEach
  void close() {
    backend.finishAndReleaseAll();
  }

  @Test
  void aReleasedConnectionGoesBackToThePoolOnceEvenIfReleasedTwice() {
    lease.hold(new Upstream(backend), listener);
    lease.release();
    lease.release();
    lease.discard(); // nothing held any more: a no-op
    assertThat(pool.idleCount()).isEqualTo(1);
    assertThat(backend.isOpen()).isTrue();
    assertThat(lease.held()).isFalse();
  }

  @Test
  void aDiscardedConnectionIsClosedAndNeverPooled() {
    lease.hold(new Upstream(backend), listener);
    lease.discard();
    lease.release();
    assertThat(backend.isOpen()).isFalse();
    assertThat(pool.idleCount()).isZero();
  }

  @Test
  void holdingAnotherConnectionDiscardsTheOneHeld() {
    EmbeddedChannel second = new EmbeddedChannel();
    lease.hold(new Upstream(backend), listener);
    lease.hold(new Upstream(second), listener);
    assertThat(backend.isOpen()).isFalse();
    assertThat(lease.holds(second)).isTrue();
    assertThat(lease.holds(backend)).isFalse();
    second.finishAndReleaseAll();
  }

  @Test
  void aConnectionTakenForATunnelStaysOpenOutsideThePool() {
    lease.hold(new Upstream(backend), listener);
    assertThat(lease.takeForTunnel()).isSameAs(backend);
    lease.discard();
    assertThat(backend.isOpen()).isTrue();
    assertThat(pool.idleCount()).isZero();
  }
}
