package io.regionaledge.proxy;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One request and its response on a client connection or HTTP/2 stream: what the proxy knows about
 * it while it runs, and what is logged and counted when it ends. Made by {@link LocalAnswers} for
 * every request head, passed to {@link FrontendHandler} when the backend answers it. A plain value,
 * owned by one event loop.
 */
final class Exchange {
  final HttpRequest request;
  final String method;
  final String uri;
  final String protocol;
  final boolean http2;
  final String clientIp;

  /**
   * The client's version: the head sent upstream is always HTTP/1.1, framing back must follow this
   * one.
   */
  final HttpVersion clientVersion;

  final long startNanos = System.nanoTime();

  /**
   * An HTTP/1.1 WebSocket upgrade (RequestRules.isWebSocketUpgrade): a 101 turns the connection
   * into a tunnel.
   */
  boolean upgrade;

  /** The head as sent to the backend (a retry resends it). */
  HttpRequest upstreamHead;

  /**
   * The client sent the end of its request (HTTP/1 last content, HTTP/2 END_STREAM): nothing more
   * to forward.
   */
  boolean requestDone;

  /** The whole request reached the backend connection. */
  boolean requestWritten;

  boolean retryable;
  boolean retried;
  boolean responseStarted;
  boolean informational;
  boolean upstreamKeepAlive;
  int status;
  long bytesOut;
  String error;
  private boolean finished;

  Exchange(HttpRequest req, boolean http2, String clientIp) {
    this.request = req;
    this.method = req.method().name();
    this.uri = req.uri();
    this.clientVersion = req.protocolVersion();
    this.http2 = http2;
    this.clientIp = clientIp;
    this.protocol = http2 ? "HTTP/2" : clientVersion.text();
  }

  /**
   * The status to count and log: 499 (nginx's "client closed request") when nothing was answered.
   */
  int loggedStatus() {
    return status == 0 ? 499 : status;
  }

  /** Counts and logs the exchange; only the first call counts. */
  void finish(Shared shared) {
    if (finished) {
      return;
    }
    finished = true;
    long nanos = System.nanoTime() - startNanos;
    shared.metrics().inFlight.decrementAndGet();
    shared.metrics().request(loggedStatus(), nanos);
    if (shared.accessLog() != null) {
      shared
          .accessLog()
          .log(
              clientIp,
              protocol,
              method,
              uri,
              loggedStatus(),
              bytesOut,
              nanos,
              retried ? "retried" : "-",
              error);
    }
  }
}
