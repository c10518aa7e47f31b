package io.regionaledge.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive backend connections of one event loop, touched only from that loop, so no locking. Most recently used
 * first, so a quiet period lets the surplus age out.
 */
final class UpstreamPool {
    static final long IDLE_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final int MAX_IDLE = 1024;
    private final EventLoop loop;
    private final UpstreamConnector connector;
    private final ProxyMetrics metrics;
    private final ArrayDeque<Upstream> idle = new ArrayDeque<>();
    private boolean closed;

    UpstreamPool(EventLoop loop, UpstreamConnector connector, ProxyMetrics metrics) {
        this.loop = loop;
        this.connector = connector;
        this.metrics = metrics;
        loop.scheduleWithFixedDelay(this::purge, 5, 5, TimeUnit.SECONDS);
    }

    Future<Upstream> acquire() {
        long now = System.nanoTime();
        for (Upstream u; (u = idle.pollLast()) != null; ) {
            metrics.pooledIdle.decrementAndGet();
            if (u.isActive() && now - u.idleSince < IDLE_TTL_NANOS) {
                u.markReused(true);
                return loop.newSucceededFuture(u);
            }
            u.channel().close();
        }
        return connectNew();
    }

    Future<Upstream> connectNew() {
        return connector.connect(loop, this::onClosed);
    }

    void release(Upstream u) {
        u.detach();
        if (closed || !u.isActive() || idle.size() >= MAX_IDLE) {
            u.channel().close();
            return;
        }
        u.idleSince = System.nanoTime();
        idle.addLast(u);
        metrics.pooledIdle.incrementAndGet();
        u.channel().read();
    }

    int idleCount() {
        return idle.size();
    }

    void close() {
        closed = true;
        for (Upstream u; (u = idle.pollLast()) != null; ) {
            metrics.pooledIdle.decrementAndGet();
            u.channel().close();
        }
    }

    private void onClosed(Upstream u) {
        if (idle.remove(u)) {
            metrics.pooledIdle.decrementAndGet();
        }
    }

    private void purge() {
        long now = System.nanoTime();
        while (!idle.isEmpty() && now - idle.peekFirst().idleSince >= IDLE_TTL_NANOS) {
            Upstream u = idle.pollFirst();
            metrics.pooledIdle.decrementAndGet();
            u.channel().close();
        }
    }
}
