package io.regionaledge.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
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
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxies requests of one client connection (HTTP/1.1) or one HTTP/2 stream, one exchange at a time, to a pooled
 * backend connection on the same event loop. Reads are explicit (auto-read off): the client is read again only
 * after what it sent was written to the backend, and the backend only after what it sent was written to the
 * client, so bodies stream with bounded memory in both directions.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter implements UpstreamListener {
    /** Fired through a client pipeline when the drain grace period ends: finish the current exchange, then close. */
    static final Object DRAIN = new Object();
    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

    private final Shared shared;
    private final boolean http2;
    private final ClientTimeouts timeouts;
    private ChannelHandlerContext ctx;
    private String clientIp = "-";
    private boolean drainRequested;
    private boolean inClientRead;
    private ArrayDeque<Object> pipelined;

    // the current exchange; request == null when idle
    private HttpRequest request;
    private String logMethod;
    private String logUri;
    private String protocol;
    private long startNanos;
    private boolean requestDone;
    private boolean retryable;
    private boolean retried;
    private boolean discarding;
    private boolean closeAfterResponse;
    private Upstream upstream;
    private boolean acquiring;
    private final ArrayDeque<HttpObject> pendingToUpstream = new ArrayDeque<>(4);
    private ScheduledFuture<?> responseTimer;
    private Channel awaitingResponseOn;
    private long responseDeadline;
    private boolean responseStarted;
    private boolean informational;
    private boolean upstreamKeepAlive;
    private int status;
    private long bytesOut;
    private String error;

    FrontendHandler(Shared shared, boolean http2, ClientTimeouts timeouts) {
        this.shared = shared;
        this.http2 = http2;
        this.timeouts = timeouts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
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
            if (request != null || discarding) {
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
            } else if (request == null || requestDone) {
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
            if (request == null && !discarding) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
        if (request != null) {
            error = error != null ? error : "client closed the connection";
            if (upstream != null) {
                Upstream u = upstream;
                upstream = null;
                u.detach();
                u.channel().close();
            }
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
        ctx.close();
    }

    // ---- client -> upstream

    private void startRequest(HttpRequest req) {
        if (timeouts != null) {
            timeouts.requestStarted();
        }
        request = req;
        startNanos = System.nanoTime();
        logMethod = req.method().name();
        logUri = req.uri();
        protocol = http2 ? "HTTP/2" : req.protocolVersion().text();
        requestDone = false;
        retried = false;
        responseStarted = false;
        informational = false;
        status = 0;
        bytesOut = 0;
        error = null;
        shared.metrics().inFlight.incrementAndGet();
        closeAfterResponse = !http2 && (!HttpUtil.isKeepAlive(req) || req.protocolVersion() != HttpVersion.HTTP_1_1);

        RequestRules.Rejection rejection = RequestRules.check(req, shared.config().maxHeaderBytes(), http2);
        if (rejection != null) {
            // the byte stream cannot be trusted after a malformed request: answer and close
            error = rejection.reason();
            requestDone = true;
            answerLocally(rejection.status(), rejection.reason(), true, false);
            return;
        }
        String path = req.uri();
        int q = path.indexOf('?');
        if ((q < 0 ? path : path.substring(0, q)).equals(shared.config().healthPath())) {
            boolean ready = shared.readiness().ready();
            requestDone = req instanceof LastHttpContent;
            answerLocally(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ready ? "ready" : "not ready: " + shared.readiness().why(), false, !requestDone);
            return;
        }
        RequestRules.rewrite(req, clientIp, shared.config().backendAuthority());
        retryable = RequestRules.isIdempotent(req.method()) && !HttpUtil.isTransferEncodingChunked(req)
                && HttpUtil.getContentLength(req, 0L) == 0L;
        // keep a bare head: a FullHttpRequest's content travels separately, and a retry resends only the head
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, req.method(), req.uri(), req.headers());
        request = head;
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
        if (request == null || !ctx.channel().isActive()) {
            if (f.isSuccess()) {
                shared.pool(ctx.channel().eventLoop()).release(f.getNow());
            }
            return;
        }
        if (!f.isSuccess()) {
            upstreamFailed(classify(f.cause()), "cannot reach backend " + shared.config().backendAddress() + ": "
                    + PemFiles.oneLine(f.cause()), HttpResponseStatus.BAD_GATEWAY);
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
        if (!last && !requestDone) {
            readBody();
        }
    }

    private void onClientContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (last) {
            requestDone = true;
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
                    Upstream u = upstream;
                    u.detach();
                    up.close();
                    onUpstreamClosed(f.cause());
                }
                return;
            }
            if (last) {
                startResponseTimer(up);
            } else if (!requestDone && upstream != null && upstream.channel() == up) {
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

    /** The response clock starts when the request is fully sent; see {@link #checkResponseDeadline()}. */
    private void startResponseTimer(Channel up) {
        if (responseStarted || request == null || awaitingResponseOn != null) {
            return;
        }
        awaitingResponseOn = up;
        responseDeadline = System.nanoTime() + shared.config().responseTimeout().toNanos();
        if (responseTimer == null) {
            responseTimer = ctx.executor().schedule(this::checkResponseDeadline,
                    shared.config().responseTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * One timer per connection or stream, re-armed at most one response timeout ahead and only while exchanges
     * continue, instead of a schedule and a cancel per request; deadlines are still met exactly.
     */
    private void checkResponseDeadline() {
        responseTimer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        Channel up = awaitingResponseOn;
        if (up != null && now - responseDeadline >= 0) {
            awaitingResponseOn = null;
            if (request != null && !responseStarted && upstream != null && upstream.channel() == up) {
                Upstream u = upstream;
                upstream = null;
                u.detach();
                up.close();
                upstreamFailed("response_timeout", "backend sent no response within "
                        + Durations.format(shared.config().responseTimeout()), HttpResponseStatus.GATEWAY_TIMEOUT);
            }
            return;
        }
        if (up != null || request != null) {
            long period = shared.config().responseTimeout().toNanos();
            responseTimer = ctx.executor().schedule(this::checkResponseDeadline,
                    up != null ? Math.min(responseDeadline - now, period) : period, TimeUnit.NANOSECONDS);
        }
    }

    // ---- upstream -> client

    @Override
    public void onResponse(HttpObject msg) {
        if (request == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Channel up = upstream.channel();
        if (msg instanceof HttpResponse resp) {
            cancelResponseTimer();
            int code = resp.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                informational = true;
            } else {
                responseStarted = true;
                status = code;
                upstreamKeepAlive = HttpUtil.isKeepAlive(resp);
                if (!requestDone || shared.readiness().draining()) {
                    closeAfterResponse = true;
                }
            }
            RequestRules.removeHopByHop(resp.headers());
            if (closeAfterResponse && !http2 && !informational) {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                if (request.protocolVersion() != HttpVersion.HTTP_1_1) {
                    resp.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                }
            }
        }
        if (msg instanceof HttpContent c) {
            bytesOut += c.content().readableBytes();
        }
        boolean last = msg instanceof LastHttpContent;
        if (last && informational) {
            informational = false;
            ctx.write(msg);
            up.read();
            return;
        }
        if (!last) {
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
        Upstream u = upstream;
        upstream = null;
        if (upstreamKeepAlive && requestDone) {
            shared.pool(ctx.channel().eventLoop()).release(u);
        } else {
            u.detach();
            u.channel().close();
        }
        ctx.writeAndFlush(msg).addListener(f -> {
            if (!f.isSuccess()) {
                error = "client write failed";
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
        if (request == null) {
            return;
        }
        Upstream u = upstream;
        upstream = null;
        if (u != null) {
            u.detach();
        }
        cancelResponseTimer();
        String why = cause == null ? "backend closed the connection" : "backend connection failed: "
                + PemFiles.oneLine(cause);
        if (!responseStarted) {
            if (u != null && u.reused() && retryable && !retried && requestDone) {
                // a pooled connection the backend had already closed: try once more on a fresh one
                retried = true;
                log.debug("retrying {} {} on a new connection: {}", logMethod, logUri, why);
                pendingToUpstream.clear();
                pendingToUpstream.add(request);
                pendingToUpstream.add(LastHttpContent.EMPTY_LAST_CONTENT);
                acquire(shared.pool(ctx.channel().eventLoop()).connectNew());
                return;
            }
            upstreamFailed("reset", why, HttpResponseStatus.BAD_GATEWAY);
            return;
        }
        // the client already has part of the response: it can only learn of the failure by a close (or RST_STREAM)
        shared.metrics().upstreamError("reset");
        error = why + " mid-response";
        log.warn("{} {}: {} mid-response; closing the client {}", logMethod, logUri, why,
                http2 ? "stream" : "connection");
        ctx.flush();
        ctx.close();
    }

    /** Bad chunking or the like after the head was accepted: the backend connection and the client both go. */
    private void malformedBody(String why) {
        if (request == null) {
            ctx.close();
            return;
        }
        error = "malformed request body: " + why;
        requestDone = true;
        releasePending();
        if (upstream != null) {
            Upstream u = upstream;
            upstream = null;
            u.detach();
            u.channel().close();
        }
        if (responseStarted) {
            ctx.close();
        } else {
            cancelResponseTimer();
            answerLocally(HttpResponseStatus.BAD_REQUEST, "malformed request body", true, false);
        }
    }

    private void upstreamFailed(String cause, String message, HttpResponseStatus answer) {
        shared.metrics().upstreamError(cause);
        error = message;
        log.warn("{} for {} {}: {}", answer.code(), logMethod, logUri, message);
        releasePending();
        answerLocally(answer, answer.reasonPhrase().toLowerCase(java.util.Locale.ROOT) + ": " + message,
                !requestDone, false);
    }

    private static String classify(Throwable cause) {
        if (cause instanceof io.netty.channel.ConnectTimeoutException || cause instanceof SslHandshakeTimeoutException) {
            return "connect_timeout";
        }
        if (cause instanceof ConnectException) {
            return "connect_refused";
        }
        if (cause instanceof SSLException || cause instanceof javax.net.ssl.SSLHandshakeException
                || cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() instanceof SSLException) {
            return "tls";
        }
        return "reset";
    }

    // ---- local answers and the end of an exchange

    /**
     * Answers without the backend. With {@code close} the connection ends after the answer; with
     * {@code discardBody} the rest of the request body is read and dropped first.
     */
    private void answerLocally(HttpResponseStatus s, String body, boolean close, boolean discardBody) {
        status = s.code();
        responseStarted = true;
        if (close) {
            closeAfterResponse = true;
        }
        if (shared.readiness().draining()) {
            closeAfterResponse = true;
        }
        discarding = discardBody && !closeAfterResponse;
        var response = Responses.text(ctx.alloc(), s, body, closeAfterResponse && !http2);
        bytesOut = response.content().readableBytes();
        if (HttpMethod.HEAD.equals(request.method())) {
            response.content().clear();
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        written.addListener(f -> finishExchange());
    }

    private void finishExchange() {
        if (request == null) {
            return;
        }
        cancelResponseTimer();
        long nanos = System.nanoTime() - startNanos;
        shared.metrics().inFlight.decrementAndGet();
        shared.metrics().request(status == 0 ? 499 : status, nanos);
        if (shared.accessLog() != null) {
            shared.accessLog().log(clientIp, protocol, logMethod, logUri, status == 0 ? 499 : status, bytesOut,
                    nanos, retried ? "retried" : "-", error);
        }
        request = null;
        releasePending();
        if (!ctx.channel().isActive()) {
            return;
        }
        if (http2) {
            return; // one exchange per stream; the codec ends the stream with the last frame
        }
        if (closeAfterResponse || drainRequested) {
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
        if (request != null) {
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
            if (request == null && !discarding) {
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

    /** The exchange no longer waits for a response head; the timer itself stays for the next exchange. */
    private void cancelResponseTimer() {
        awaitingResponseOn = null;
    }

    private void releasePending() {
        for (HttpObject o; (o = pendingToUpstream.poll()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }
}
