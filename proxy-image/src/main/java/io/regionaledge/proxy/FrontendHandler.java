package io.regionaledge.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxies requests of one client connection (HTTP/1.1) or one HTTP/2 stream, one {@link Exchange} at a time, to a
 * pooled backend connection on the same event loop. Reads are explicit (auto-read off): the client is read again
 * only after what it sent was written to the backend, and the backend only after what it sent was written to the
 * client, so bodies stream with bounded memory in both directions. Response framing is {@link ResponseHead}'s,
 * the response clock {@link ResponseDeadline}'s.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter implements UpstreamListener {
    /** Fired through a client pipeline when the drain grace period ends: finish the current exchange, then close. */
    static final Object DRAIN = new Object();
    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

    private final Shared shared;
    private final boolean http2;
    private final ClientTimeouts timeouts;
    private ChannelHandlerContext ctx;
    private ResponseDeadline deadline;
    private String clientIp = "-";
    private boolean drainRequested;
    private boolean inClientRead;
    private ArrayDeque<Object> pipelined;

    // the current exchange; null when idle
    private Exchange ex;
    private boolean discarding;
    private Upstream upstream;
    private boolean acquiring;
    private final ArrayDeque<HttpObject> pendingToUpstream = new ArrayDeque<>(4);

    FrontendHandler(Shared shared, boolean http2, ClientTimeouts timeouts) {
        this.shared = shared;
        this.http2 = http2;
        this.timeouts = timeouts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.deadline = new ResponseDeadline(ctx.executor(), shared.config().responseTimeout().toNanos(),
                () -> ex != null, this::responseTimedOut);
        Channel addressed = http2 ? ctx.channel().parent() : ctx.channel();
        SocketAddress remote = addressed == null ? null : addressed.remoteAddress();
        if (remote instanceof InetSocketAddress isa && isa.getAddress() != null) {
            clientIp = isa.getAddress().getHostAddress();
        }
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
        if (pipelined != null && !pipelined.isEmpty()) {
            pipelined.add(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            if (ex != null || discarding) {
                queuePipelined(msg);
                return;
            }
            startRequest(req);
            if (msg instanceof HttpContent c) {
                // a full request (HTTP/2 HEADERS with END_STREAM): its body travels as plain content
                onClientContent(c instanceof LastHttpContent l
                        ? new DefaultLastHttpContent(c.content(), l.trailingHeaders())
                        : new DefaultHttpContent(c.content()));
            }
        } else if (msg instanceof HttpContent c) {
            if (c.decoderResult().isFailure()) {
                c.release();
                malformedBody(PemFiles.oneLine(c.decoderResult().cause()));
            } else if (discarding) {
                c.release();
                if (c instanceof LastHttpContent) {
                    discarding = false;
                    afterLocalAnswerRead();
                } else {
                    ctx.read();
                }
            } else if (ex == null || ex.requestDone) {
                if (ex != null && c instanceof LastHttpContent) {
                    ex.clientBodyEnded = true;
                }
                c.release();
            } else {
                onClientContent(c);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inClientRead = false;
        if (upstream != null) {
            upstream.channel().flush();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DRAIN) {
            drainRequested = true;
            if (ex == null && !discarding) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadline.close();
        if (ex != null) {
            ex.error = ex.error != null ? ex.error : "client closed the connection";
            discardUpstream();
            finishExchange();
        }
        releasePending();
        if (pipelined != null) {
            pipelined.forEach(ReferenceCountUtil::release);
            pipelined.clear();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client {}: {}", clientIp, PemFiles.oneLine(cause));
        if (http2 && cause instanceof Http2Exception.StreamException se) {
            // a stream error found by Netty's HTTP/2 decoder (RFC 9113 §5.4.2): reset with its code. Netty's
            // multiplexer would otherwise close the stream with CANCEL, which hides what was wrong.
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(se.error())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.close();
    }

    // ---- client -> upstream

    private void startRequest(HttpRequest req) {
        if (timeouts != null) {
            timeouts.requestStarted();
        }
        ex = new Exchange(req, http2);
        shared.metrics().inFlight.incrementAndGet();
        ex.clientBodyEnded = req instanceof LastHttpContent;

        RequestRules.Rejection rejection = RequestRules.check(req, shared.config().maxHeaderBytes(), http2);
        if (rejection != null) {
            // the byte stream cannot be trusted after a malformed request: answer and close
            ex.error = rejection.reason();
            ex.requestDone = true;
            answerLocally(rejection.status(), rejection.reason(), true, false);
            return;
        }
        String path = req.uri();
        int q = path.indexOf('?');
        if ((q < 0 ? path : path.substring(0, q)).equals(shared.config().healthPath())) {
            boolean ready = shared.readiness().ready();
            ex.requestDone = req instanceof LastHttpContent;
            answerLocally(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ready ? "ready" : "not ready: " + shared.readiness().why(), false, !ex.requestDone);
            return;
        }
        RequestRules.rewrite(req, clientIp, shared.config().backendAuthority());
        ex.retryable = RequestRules.isIdempotent(req.method()) && !HttpUtil.isTransferEncodingChunked(req)
                && HttpUtil.getContentLength(req, 0L) == 0L;
        // keep a bare head: a FullHttpRequest's content travels separately, and a retry resends only the head
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, req.method(), req.uri(), req.headers());
        ex.upstreamHead = head;
        pendingToUpstream.add(head);
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
            upstreamFailed("pool_exhausted", e.getMessage(), HttpResponseStatus.SERVICE_UNAVAILABLE, false);
            return;
        }
        if (!f.isSuccess()) {
            upstreamFailed(classify(f.cause()), "cannot reach backend " + shared.config().backendAddress() + ": "
                    + PemFiles.oneLine(f.cause()), HttpResponseStatus.BAD_GATEWAY, false);
            return;
        }
        upstream = f.getNow();
        upstream.attach(this);
        Channel up = upstream.channel();
        boolean last = false;
        for (HttpObject o; (o = pendingToUpstream.poll()) != null; ) {
            last = o instanceof LastHttpContent;
            up.write(o).addListener(upstreamWriteDone(last, up));
        }
        if (!inClientRead) {
            up.flush(); // otherwise channelReadComplete flushes the whole batch at once
        }
        up.read();
        if (!last && !ex.requestDone) {
            readBody();
        }
    }

    private void onClientContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (last) {
            ex.requestDone = true;
            ex.clientBodyEnded = true;
        }
        if (upstream == null) {
            if (acquiring) {
                pendingToUpstream.add(c);
            } else {
                c.release();
            }
            return;
        }
        Channel up = upstream.channel();
        up.write(c).addListener(upstreamWriteDone(last, up));
    }

    private ChannelFutureListener upstreamWriteDone(boolean last, Channel up) {
        return f -> {
            if (!f.isSuccess()) {
                if (upstream != null && upstream.channel() == up) {
                    discardUpstream();
                    onUpstreamClosed(f.cause());
                }
                return;
            }
            if (last) {
                if (ex != null && !ex.responseStarted) {
                    deadline.start(up);
                }
            } else if (ex != null && !ex.requestDone && upstream != null && upstream.channel() == up) {
                readBody();
            }
        };
    }

    private void readBody() {
        if (timeouts != null) {
            timeouts.awaitBody();
        }
        ctx.read();
    }

    private void responseTimedOut(Channel up) {
        if (ex != null && !ex.responseStarted && upstream != null && upstream.channel() == up) {
            discardUpstream();
            upstreamFailed("response_timeout", "backend sent no response within "
                    + Durations.format(shared.config().responseTimeout()), HttpResponseStatus.GATEWAY_TIMEOUT, false);
        }
    }

    // ---- upstream -> client

    @Override
    public void onResponse(HttpObject msg) {
        if (ex == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Channel up = upstream.channel();
        if (msg instanceof HttpResponse resp) {
            deadline.stop();
            HttpObject out = ResponseHead.prepare(resp, ex, http2, shared.readiness().draining());
            if (ex.informational) {
                if (out != null) {
                    ctx.writeAndFlush(out);
                }
                up.read();
                return;
            }
        } else if (ex.informational) {
            // the empty end of a 1xx: HTTP/1.1's encoder needs it to close the 1xx; HTTP/2 had a full response
            // (this would be a DATA frame ending the stream) and HTTP/1.0 nothing
            if (msg instanceof LastHttpContent) {
                ex.informational = false;
            }
            if (!http2 && ex.clientVersion == HttpVersion.HTTP_1_1) {
                ctx.writeAndFlush(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
            up.read();
            return;
        }
        if (msg instanceof HttpContent c) {
            ex.bytesOut += c.content().readableBytes();
        }
        if (!(msg instanceof LastHttpContent)) {
            ctx.write(msg).addListener(f -> {
                if (f.isSuccess()) {
                    up.read();
                } else {
                    ctx.close();
                }
            });
            return;
        }
        // response complete: the backend connection is free before the client has even got the bytes
        if (ex.upstreamKeepAlive && ex.requestDone) {
            releaseUpstream();
        } else {
            discardUpstream();
        }
        ctx.writeAndFlush(msg).addListener(f -> {
            if (!f.isSuccess() && ex != null) {
                ex.error = "client write failed";
            }
            finishExchange();
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
        Upstream u = upstream;
        upstream = null;
        if (u != null) {
            u.detach();
        }
        deadline.stop();
        boolean invalid = cause instanceof DecoderException;
        String why = cause == null ? "backend closed the connection"
                : invalid ? "backend sent an invalid response: " + PemFiles.oneLine(cause)
                : "backend connection failed: " + PemFiles.oneLine(cause);
        if (!ex.responseStarted) {
            if (u != null && u.reused() && ex.retryable && !ex.retried && ex.requestDone && !invalid) {
                // a pooled connection the backend had already closed: try once more on a fresh one
                ex.retried = true;
                log.debug("retrying {} {} on a new connection: {}", ex.method, ex.uri, why);
                pendingToUpstream.clear();
                pendingToUpstream.add(ex.upstreamHead);
                pendingToUpstream.add(LastHttpContent.EMPTY_LAST_CONTENT);
                acquire(shared.pool(ctx.channel().eventLoop()).connectNew());
                return;
            }
            // bytes that are not HTTP: never forward them (Netty would make an "HTTP/1.0 999"), and do not trust
            // the client connection either
            upstreamFailed(invalid ? "bad_response" : "reset", why, HttpResponseStatus.BAD_GATEWAY, invalid);
            return;
        }
        // the client already has part of the response: it can only learn of the failure by a close (or RST_STREAM)
        shared.metrics().upstreamError(invalid ? "bad_response" : "reset");
        ex.error = why + " mid-response";
        log.warn("{} {}: {} mid-response; closing the client {}", ex.method, ex.uri, why,
                http2 ? "stream" : "connection");
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
        releasePending();
        discardUpstream();
        if (ex.responseStarted) {
            ctx.close();
        } else {
            deadline.stop();
            answerLocally(HttpResponseStatus.BAD_REQUEST, "malformed request body", true, false);
        }
    }

    private void upstreamFailed(String cause, String message, HttpResponseStatus answer, boolean close) {
        shared.metrics().upstreamError(cause);
        ex.error = message;
        log.warn("{} for {} {}: {}", answer.code(), ex.method, ex.uri, message);
        releasePending();
        answerLocally(answer, answer.reasonPhrase().toLowerCase(Locale.ROOT) + ": " + message,
                close || !ex.requestDone, false);
    }

    private static String classify(Throwable cause) {
        if (cause instanceof java.net.UnknownHostException) {
            return "dns";
        }
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

    // ---- the upstream lease: given back to the pool, or closed; either way no longer this exchange's

    private void releaseUpstream() {
        Upstream u = upstream;
        upstream = null;
        if (u != null) {
            shared.pool(ctx.channel().eventLoop()).release(u);
        }
    }

    private void discardUpstream() {
        Upstream u = upstream;
        upstream = null;
        if (u != null) {
            u.detach();
            u.channel().close();
        }
    }

    // ---- local answers and the end of an exchange

    /**
     * Answers without the backend. With {@code close} the connection ends after the answer; with
     * {@code discardBody} the rest of the request body is read and dropped first.
     */
    private void answerLocally(HttpResponseStatus s, String body, boolean close, boolean discardBody) {
        ex.status = s.code();
        ex.responseStarted = true;
        if (close || shared.readiness().draining()) {
            ex.closeAfterResponse = true;
        }
        discarding = discardBody && !ex.closeAfterResponse && !http2;
        var response = Responses.text(ctx.alloc(), s, body, ex.closeAfterResponse && !http2);
        ex.bytesOut = response.content().readableBytes();
        if (HttpMethod.HEAD.name().equals(ex.method)) {
            response.content().clear();
        }
        ctx.writeAndFlush(response).addListener(f -> finishExchange());
    }

    private void finishExchange() {
        if (ex == null) {
            return;
        }
        Exchange done = ex;
        ex = null;
        deadline.stop();
        done.finish(shared, clientIp);
        releasePending();
        if (!ctx.channel().isActive()) {
            return;
        }
        if (http2) {
            if (!done.clientBodyEnded) {
                // answered before the request ended (RFC 9113 §8.1): stop the upload without error, so its DATA
                // is not left unread, holding the connection's flow-control window that other streams share
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            return; // one exchange per stream; the codec ends the stream with the last frame
        }
        if (done.closeAfterResponse || drainRequested) {
            ctx.close();
            return;
        }
        if (discarding) {
            ctx.read();
            return;
        }
        afterLocalAnswerRead();
    }

    /** Ready for the next request: replay what a pipelining client already sent, else read. */
    private void afterLocalAnswerRead() {
        if (ex != null) {
            return;
        }
        if (drainRequested) {
            ctx.close();
            return;
        }
        if (timeouts != null) {
            timeouts.awaitRequest(false);
        }
        if (pipelined != null && !pipelined.isEmpty()) {
            ArrayDeque<Object> replay = pipelined;
            pipelined = new ArrayDeque<>();
            for (Object m; (m = replay.poll()) != null; ) {
                channelRead(ctx, m);
            }
            channelReadComplete(ctx); // the replay was a read batch of its own
            if (ex == null && !discarding) {
                ctx.read();
            }
            return;
        }
        ctx.read();
    }

    private void queuePipelined(Object msg) {
        if (pipelined == null) {
            pipelined = new ArrayDeque<>();
        }
        pipelined.add(msg);
    }

    private void releasePending() {
        for (HttpObject o; (o = pendingToUpstream.poll()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }
}
