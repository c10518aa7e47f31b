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
 * connection itself) arrived, so slow clients cannot trickle headers forever. Sits between TLS and the codec.
 */
final class ClientTimeouts extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientTimeouts.class);
    private final long headerNanos;
    private final long idleNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean idleWait;

    ClientTimeouts(ProxyConfig config) {
        this.headerNanos = config.requestHeaderTimeout().toNanos();
        this.idleNanos = config.idleTimeout().toNanos();
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
        idleWait = !first;
        schedule(first ? headerNanos : idleNanos);
    }

    void requestStarted() {
        idleWait = false;
        cancel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (idleWait && msg instanceof ByteBuf b && b.isReadable()) {
            idleWait = false;
            schedule(headerNanos);
        }
        ctx.fireChannelRead(msg);
    }

    private void schedule(long nanos) {
        cancel();
        timer = ctx.executor().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire() {
        timer = null;
        log.debug("closing {}: {}", ctx.channel().remoteAddress(), idleWait ? "idle timeout" : "request header timeout");
        ctx.close();
    }
}
