package io.regionaledge.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxies the {@link Exchange}s {@link LocalAnswers} passes on, one at a time per client connection or HTTP/2 stream,
 * to a backend connection leased from the pool of the same event loop. Reads are explicit (auto-read off): the client
 * is read again only after what it sent was written to the backend, and the backend only after what it sent was
 * written to the client, so bodies stream with bounded memory both ways. Connection-level HTTP (pipelining,
 * keep-alive, resets) is the traffic handler's below; response framing is {@link ResponseHead}'s; the backend's
 * clock {@link BackendTimeout}'s; a WebSocket 101 hands both connections to a {@link Tunnel}.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter implements UpstreamListener {
    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

    private final Shared shared;
    private ChannelHandlerContext ctx;
    private UpstreamLease lease;
    private BackendTimeout backendTimeout;
    private boolean inClientRead;

    // the current exchange; null when idle
    private Exchange ex;
    private boolean acquiring;
    private final ArrayDeque<HttpObject> pendingToUpstream = new ArrayDeque<>(4);
    private int upstreamWrites;
    private boolean readingBackend;

    FrontendHandler(Shared shared) {
        this.shared = shared;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.lease = new UpstreamLease(shared.pool(ctx.channel().eventLoop()));
        this.backendTimeout = new BackendTimeout(ctx.executor(), shared.config().responseTimeout().toNanos(),
                () -> ex != null, this::backendTimedOut);
        if (ctx.channel().isActive()) {
            ctx.read();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inClientRead = true;
        if (msg instanceof Exchange e) {
            start(e);
        } else if (msg instanceof HttpContent c && c.decoderResult().isFailure()) {
            c.release();
            malformedBody(PemFiles.oneLine(c.decoderResult().cause()));
        } else if (msg instanceof HttpContent c && ex != null && !ex.requestDone) {
            onClientContent(c);
        } else {
            ReferenceCountUtil.release(msg); // the rest of a request already answered
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inClientRead = false;
        if (lease.held()) {
            lease.channel().flush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        backendTimeout.close();
        if (ex != null) {
            ex.error = ex.error != null ? ex.error : "client closed the connection";
            lease.discard();
            end().finish(shared);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client {}: {}", ex != null ? ex.clientIp : ctx.channel(), PemFiles.oneLine(cause));
        ctx.close();
    }

    // ---- client -> upstream

    private void start(Exchange e) {
        ex = e;
        HttpRequest req = e.request;
        RequestRules.rewrite(req, e.clientIp, shared.config().backendAuthority());
        e.retryable = RequestRules.isIdempotent(req.method()) && !HttpUtil.isTransferEncodingChunked(req)
                && HttpUtil.getContentLength(req, 0L) == 0L;
        // keep a bare head: a FullHttpRequest's content travels separately, and a retry resends only the head
        e.upstreamHead = new DefaultHttpRequest(HttpVersion.HTTP_1_1, req.method(), req.uri(), req.headers());
        pendingToUpstream.add(e.upstreamHead);
        acquire(shared.pool(ctx.channel().eventLoop()).acquire());
    }

    private void acquire(Future<Upstream> f) {
        acquiring = true;
        if (f.isDone()) {
            onUpstream(f);
        } else {
            f.addListener(x -> onUpstream(f));
        }
    }

    private void onUpstream(Future<Upstream> f) {
        acquiring = false;
        if (ex == null || !ctx.channel().isActive()) {
            if (f.isSuccess()) {
                shared.pool(ctx.channel().eventLoop()).release(f.getNow());
            }
            return;
        }
        if (f.cause() instanceof UpstreamPool.Exhausted e) {
            upstreamFailed("pool_exhausted", e.getMessage(), HttpResponseStatus.SERVICE_UNAVAILABLE);
            return;
        }
        if (!f.isSuccess()) {
            upstreamFailed(classify(f.cause()), "cannot reach backend " + shared.config().backendAddress() + ": "
                    + PemFiles.oneLine(f.cause()), HttpResponseStatus.BAD_GATEWAY);
            return;
        }
        lease.hold(f.getNow(), this);
        upstreamWrites = 0;
        boolean last = false;
        for (HttpObject o; (o = pendingToUpstream.poll()) != null; ) {
            last = o instanceof LastHttpContent;
            writeUpstream(o);
        }
        if (!inClientRead) {
            lease.channel().flush(); // otherwise channelReadComplete flushes the whole batch at once
        }
        readBackend(lease.channel());
        if (!last && !ex.requestDone) {
            ctx.read();
        }
    }

    private void onClientContent(HttpContent c) {
        if (c instanceof LastHttpContent) {
            ex.requestDone = true;
        }
        if (lease.held()) {
            writeUpstream(c);
        } else if (acquiring) {
            pendingToUpstream.add(c);
        } else {
            c.release();
        }
    }

    private void writeUpstream(HttpObject o) {
        boolean last = o instanceof LastHttpContent;
        Channel up = lease.channel();
        upstreamWrites++;
        backendWaitChanged();
        up.write(o).addListener(f -> {
            if (!lease.holds(up)) {
                return; // a retry, or the exchange ended: not this lease's write any more
            }
            upstreamWrites--;
            if (!f.isSuccess()) {
                lease.discard();
                onUpstreamClosed(f.cause());
                return;
            }
            if (last) {
                ex.requestWritten = true;
            } else if (!ex.requestDone) {
                ctx.read();
            }
            backendWaitChanged();
        });
    }

    private void readBackend(Channel up) {
        readingBackend = true;
        backendWaitChanged();
        up.read();
    }

    /**
     * The proxy waits on the backend while a write to it is pending, or while a read from it is once the request
     * was sent (or the response started); not while it waits on the client, which {@link ClientTimeouts} bounds.
     */
    private void backendWaitChanged() {
        if (ex != null && (upstreamWrites > 0 || readingBackend && (ex.requestWritten || ex.responseStarted))) {
            backendTimeout.waiting();
        } else {
            backendTimeout.idle();
        }
    }

    private void backendTimedOut() {
        if (ex == null || !lease.held()) {
            return;
        }
        String t = Durations.format(shared.config().responseTimeout());
        lease.discard();
        if (ex.responseStarted) {
            // the client has part of the response: only a close (HTTP/1) or RST_STREAM (HTTP/2) can tell it
            shared.metrics().upstreamError("response_timeout");
            ex.error = "backend stalled mid-response for " + t;
            log.warn("{} {}: {}; aborting the client response", ex.method, ex.uri, ex.error);
            ctx.close();
            return;
        }
        upstreamFailed("response_timeout", ex.requestWritten ? "backend sent no response within " + t
                : "backend stopped reading the request body for " + t, HttpResponseStatus.GATEWAY_TIMEOUT);
    }

    // ---- upstream -> client

    @Override
    public void onResponse(HttpObject msg) {
        if (ex == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        readingBackend = false;
        backendWaitChanged();
        Channel up = lease.channel();
        if (msg instanceof HttpResponse resp) {
            HttpObject out = ResponseHead.prepare(resp, ex);
            if (ex.upgrade && resp.status().code() == 101) {
                startTunnel(resp);
                return;
            }
            if (ex.informational) {
                if (out != null) {
                    ctx.writeAndFlush(out);
                }
                readBackend(up);
                return;
            }
        } else if (ex.informational) {
            // the empty end of a 1xx: HTTP/1.1's encoder needs it to close the 1xx; HTTP/2 had a full response
            // (this would be a DATA frame ending the stream) and HTTP/1.0 nothing
            if (msg instanceof LastHttpContent) {
                ex.informational = false;
            }
            if (!ex.http2 && ex.clientVersion == HttpVersion.HTTP_1_1) {
                ctx.writeAndFlush(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
            readBackend(up);
            return;
        }
        if (msg instanceof HttpContent c) {
            ex.bytesOut += c.content().readableBytes();
        }
        if (!(msg instanceof LastHttpContent)) {
            ctx.write(msg).addListener(f -> {
                if (!f.isSuccess()) {
                    ctx.close();
                } else if (ex != null && lease.holds(up)) {
                    readBackend(up);
                }
            });
            return;
        }
        // response complete: the backend connection is free before the client has even got the bytes
        if (ex.upstreamKeepAlive && ex.requestDone && !ex.upgrade) {
            lease.release();
        } else {
            lease.discard();
        }
        Exchange done = end();
        ctx.writeAndFlush(msg).addListener(f -> {
            if (!f.isSuccess() && done.error == null) {
                done.error = "client write failed";
            }
            done.finish(shared);
        });
    }

    /** The backend accepted a WebSocket upgrade: relay the 101, then both connections carry raw bytes. */
    private void startTunnel(HttpResponse resp) {
        Channel up = lease.takeForTunnel();
        Tunnel tunnel = Tunnel.hold(up, shared.config().idleTimeout().toNanos());
        backendTimeout.close();
        Exchange done = end();
        ctx.write(resp);
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
            done.finish(shared);
            if (f.isSuccess() && ctx.channel().isActive()) {
                Http1Traffic traffic = ctx.pipeline().get(Http1Traffic.class);
                if (traffic != null && traffic.hasQueued()) {
                    // RFC 6455 §4.1: a client waits for the 101 before it sends more; this one did not
                    tunnel.abandon();
                    ctx.close();
                    return;
                }
                tunnel.start(ctx.channel());
            } else {
                tunnel.abandon();
            }
        });
    }

    @Override
    public void onResponseBatchEnd() {
        ctx.flush();
    }

    @Override
    public void onUpstreamClosed(Throwable cause) {
        if (ex == null) {
            return;
        }
        boolean reused = lease.reused();
        lease.discard();
        readingBackend = false;
        backendTimeout.idle();
        boolean invalid = cause instanceof DecoderException;
        String why = cause == null ? "backend closed the connection"
                : invalid ? "backend sent an invalid response: " + PemFiles.oneLine(cause)
                : "backend connection failed: " + PemFiles.oneLine(cause);
        if (!ex.responseStarted) {
            if (reused && ex.retryable && !ex.retried && ex.requestDone && !invalid) {
                // a pooled connection the backend had already closed: try once more on a fresh one
                ex.retried = true;
                ex.requestWritten = false;
                log.debug("retrying {} {} on a new connection: {}", ex.method, ex.uri, why);
                releasePending();
                pendingToUpstream.add(ex.upstreamHead);
                pendingToUpstream.add(LastHttpContent.EMPTY_LAST_CONTENT);
                acquire(shared.pool(ctx.channel().eventLoop()).connectNew());
                return;
            }
            // bytes that are not HTTP: never forward them (Netty would make an "HTTP/1.0 999"), and do not trust
            // the client connection either
            shared.metrics().upstreamError(invalid ? "bad_response" : "reset");
            answerAndEnd(HttpResponseStatus.BAD_GATEWAY, why, invalid);
            return;
        }
        // the client already has part of the response: it can only learn of the failure by a close (or RST_STREAM)
        shared.metrics().upstreamError(invalid ? "bad_response" : "reset");
        ex.error = why + " mid-response";
        log.warn("{} {}: {} mid-response; closing the client {}", ex.method, ex.uri, why,
                ex.http2 ? "stream" : "connection");
        ctx.flush();
        ctx.close();
    }

    /** Bad chunking or the like after the head was accepted: the backend connection and the client both go. */
    private void malformedBody(String why) {
        if (ex == null) {
            ctx.close();
            return;
        }
        ex.error = "malformed request body: " + why;
        ex.requestDone = true;
        lease.discard();
        if (ex.responseStarted) {
            ctx.close();
        } else {
            LocalAnswers.answer(ctx, shared, end(), HttpResponseStatus.BAD_REQUEST, "malformed request body", true);
        }
    }

    private void upstreamFailed(String cause, String message, HttpResponseStatus answer) {
        shared.metrics().upstreamError(cause);
        answerAndEnd(answer, message, false);
    }

    /** A 502/503/504 of the proxy's own; the connection closes after it when the request body had not ended. */
    private void answerAndEnd(HttpResponseStatus answer, String message, boolean close) {
        ex.error = message;
        log.warn("{} for {} {}: {}", answer.code(), ex.method, ex.uri, message);
        boolean mustClose = close || !ex.requestDone;
        LocalAnswers.answer(ctx, shared, end(), answer,
                answer.reasonPhrase().toLowerCase(Locale.ROOT) + ": " + message, mustClose);
    }

    private static String classify(Throwable cause) {
        if (cause instanceof io.netty.channel.ConnectTimeoutException || cause instanceof SslHandshakeTimeoutException) {
            return "connect_timeout";
        }
        if (cause instanceof ConnectException) {
            return "connect_refused";
        }
        if (cause instanceof SSLException || cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            return "tls";
        }
        return "reset";
    }

    /**
     * The exchange is over for this handler (its lease already released or discarded); returns it to be finished once
     * its last write completes. The next exchange may start at once (a pipelined request replayed below).
     */
    private Exchange end() {
        Exchange done = ex;
        ex = null;
        upstreamWrites = 0;
        readingBackend = false;
        backendTimeout.idle();
        releasePending();
        return done;
    }

    private void releasePending() {
        for (HttpObject o; (o = pendingToUpstream.poll()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }
}
