package io.regionaledge.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the time an HTTP/1 client may hold a connection without a request in progress: the idle timeout while
 * nothing has been sent since the last response, the header timeout once the first byte of a request (or the
 * connection itself) arrived, so slow clients cannot trickle headers forever, and the idle timeout again while
 * the proxy waits for more of a request body. Sits between TLS and the codec; on an HTTP/2 stream, first in the
 * stream's pipeline (a stream that stalls its body is closed, i.e. reset, on its own).
 *
 * <p>Phase changes only move a deadline; one timer per connection, never armed more than the shorter timeout
 * ahead, checks it. So a keep-alive request costs no timer scheduling, and every deadline is still met exactly:
 * a phase that starts at s has a deadline of at least s + shorter timeout, and a timer fires by then.
 */
final class ClientTimeouts extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientTimeouts.class);
    private static final int BUSY = 0;
    private static final int IDLE = 1;
    private static final int HEADERS = 2;
    private static final int BODY = 3;
    private final long headerNanos;
    private final long idleNanos;
    private final long periodNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private int phase;
    private long deadline;

    ClientTimeouts(ProxyConfig config) {
        this.headerNanos = config.requestHeaderTimeout().toNanos();
        this.idleNanos = config.idleTimeout().toNanos();
        this.periodNanos = Math.min(headerNanos, idleNanos);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        awaitRequest(true);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    /** Waiting for the next request head: {@code first} for a new connection (the header clock starts at once). */
    void awaitRequest(boolean first) {
        enter(first ? HEADERS : IDLE, first ? headerNanos : idleNanos);
    }

    void requestStarted() {
        phase = BUSY;
    }

    /**
     * The proxy asked for more of the request body: the client has the idle timeout to send some. Not counted
     * while the proxy itself holds back (backpressure from a slow backend), so only a stalled client is cut off.
     */
    void awaitBody() {
        enter(BODY, idleNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == IDLE && msg instanceof ByteBuf b && b.isReadable()) {
            enter(HEADERS, headerNanos);
        } else if (phase == BODY) {
            phase = BUSY;
        }
        ctx.fireChannelRead(msg);
    }

    private void enter(int newPhase, long timeout) {
        phase = newPhase;
        deadline = System.nanoTime() + timeout;
        if (timer == null) {
            arm(periodNanos);
        }
    }

    private void arm(long delay) {
        timer = ctx.executor().schedule(this::check, delay, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void check() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (phase != BUSY && now - deadline >= 0) {
            log.debug("closing {}: {}", ctx.channel().remoteAddress(), phase == IDLE ? "idle timeout"
                    : phase == BODY ? "request body timeout" : "request header timeout");
            ctx.close();
            return;
        }
        arm(phase == BUSY ? periodNanos : Math.min(deadline - now, periodNanos));
    }
}
