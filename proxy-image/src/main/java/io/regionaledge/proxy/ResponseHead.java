package io.regionaledge.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * How a backend response head is framed for the client, which may speak another HTTP version than
 * the backend's HTTP/1.1. Decides on the head alone, before any body byte moves; the exchange
 * remembers the outcome.
 */
final class ResponseHead {
  private ResponseHead() {}

  /**
   * Prepares {@code resp} in place for the client of {@code ex} and returns what to write: the head
   * itself, a full response standing for it, or null when the client must not see it at all.
   * Updates {@code ex}'s response state (informational, status, keep-alive of the backend); a
   * reason to close an HTTP/1 connection after the response is a {@code Connection: close} on it
   * ({@link Http1Traffic} acts on it, and adds its own). A 101 to a WebSocket upgrade keeps its
   * Upgrade and Connection.
   */
  static HttpObject prepare(HttpResponse resp, Exchange ex) {
    boolean http2 = ex.http2;
    int code = resp.status().code();
    if (code == 101 && ex.upgrade) {
      // the backend accepted the WebSocket upgrade: the client needs Upgrade and Connection to see
      // it
      String upgrade = resp.headers().get(HttpHeaderNames.UPGRADE);
      RequestRules.removeHopByHop(resp.headers());
      if (upgrade != null) {
        resp.headers().set(HttpHeaderNames.UPGRADE, upgrade);
      }
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      ex.responseStarted = true;
      ex.status = code;
      return resp;
    }
    RequestRules.removeHopByHop(resp.headers());
    if (code >= 100 && code < 200) {
      ex.informational = true;
      if (!http2 && ex.clientVersion != HttpVersion.HTTP_1_1) {
        return null; // RFC 9110 §15.2: no 1xx to an HTTP/1.0 client
      }
      if (http2) {
        // Netty's HTTP/2 encoder wants a 1xx as one full response (HEADERS without END_STREAM); the
        // empty last content the HTTP/1 decoder sends after it is dropped by the exchange
        return new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            resp.status(),
            Unpooled.EMPTY_BUFFER,
            resp.headers(),
            EmptyHttpHeaders.INSTANCE);
      }
      return resp;
    }
    ex.informational = false;
    ex.responseStarted = true;
    ex.status = code;
    ex.upstreamKeepAlive = HttpUtil.isKeepAlive(resp);
    // an answer before the upload ended: the connection goes after it (HTTP/2: the stream is reset)
    boolean closeAfterResponse = !ex.requestDone;
    boolean chunked = HttpUtil.isTransferEncodingChunked(resp);
    if (mayHaveBody(ex.method, code)
        && !chunked
        && !resp.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
        && !(resp instanceof FullHttpResponse)) {
      // close-delimited (RFC 9112 §6.3 rule 8): the backend ends the body by closing, so that
      // connection
      // cannot be reused; an HTTP/1.1 client gets it chunked, any other the same close
      ex.upstreamKeepAlive = false;
      if (!http2 && ex.clientVersion == HttpVersion.HTTP_1_1) {
        HttpUtil.setTransferEncodingChunked(resp, true);
        chunked = true;
      } else {
        closeAfterResponse = true;
      }
    }
    if (!http2 && chunked && ex.clientVersion != HttpVersion.HTTP_1_1) {
      // RFC 9112 §6.1: no Transfer-Encoding to an HTTP/1.0 request; the body ends with the
      // connection
      resp.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
      closeAfterResponse = true;
    }
    if (!http2 && closeAfterResponse) {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return resp;
  }

  /** RFC 9110 §6.4.1: HEAD, 1xx, 204 and 304 responses have no content. */
  static boolean mayHaveBody(String method, int code) {
    return !HttpMethod.HEAD.name().equals(method) && code >= 200 && code != 204 && code != 304;
  }
}
