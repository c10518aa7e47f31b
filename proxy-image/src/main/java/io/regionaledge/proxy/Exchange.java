package io.regionaledge.proxy;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One request and its response on a client connection or HTTP/2 stream: what the proxy knows about it while it
 * runs, and what is logged and counted when it ends. A plain value, owned by one event loop.
 */
final class Exchange {
    final String method;
    final String uri;
    final String protocol;
    /** The client's version: the head sent upstream is always HTTP/1.1, framing back must follow this one. */
    final HttpVersion clientVersion;
    final long startNanos = System.nanoTime();
    /** The head as sent to the backend (a retry resends it). */
    HttpRequest upstreamHead;
    /** Nothing more of the request is forwarded: the body ended, or the proxy answers itself. */
    boolean requestDone;
    /** The client sent the end of its request (HTTP/1 last content, HTTP/2 END_STREAM). */
    boolean clientBodyEnded;
    boolean retryable;
    boolean retried;
    boolean closeAfterResponse;
    boolean responseStarted;
    boolean informational;
    boolean upstreamKeepAlive;
    int status;
    long bytesOut;
    String error;

    Exchange(HttpRequest req, boolean http2) {
        this.method = req.method().name();
        this.uri = req.uri();
        this.clientVersion = req.protocolVersion();
        this.protocol = http2 ? "HTTP/2" : clientVersion.text();
        this.closeAfterResponse = !http2 && (!HttpUtil.isKeepAlive(req) || clientVersion != HttpVersion.HTTP_1_1);
    }

    /** The status to count and log: 499 (nginx's "client closed request") when nothing was answered. */
    int loggedStatus() {
        return status == 0 ? 499 : status;
    }

    void finish(Shared shared, String clientIp) {
        long nanos = System.nanoTime() - startNanos;
        shared.metrics().inFlight.decrementAndGet();
        shared.metrics().request(loggedStatus(), nanos);
        if (shared.accessLog() != null) {
            shared.accessLog().log(clientIp, protocol, method, uri, loggedStatus(), bytesOut, nanos,
                    retried ? "retried" : "-", error);
        }
    }
}
