package io.regionaledge.proxy;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a request must satisfy before it is forwarded, and how it is rewritten so the client cannot
 * choose the upstream. Netty's strict decoder already refuses conflicting or duplicated
 * Content-Length, Content-Length with Transfer-Encoding, bad chunking and over-long lines; these
 * rules add what it does not check.
 */
final class RequestRules {
  static final int MAX_HEADERS = 100;
  private static final List<String> HOP_BY_HOP =
      List.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "upgrade",
          "proxy-authorization",
          "proxy-authenticate");

  private RequestRules() {}

  record Rejection(HttpResponseStatus status, String reason) {}

  /** Null when the request may be forwarded. */
  static Rejection check(HttpRequest req, int maxHeaderBytes, boolean http2) {
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      if (cause instanceof TooLongHttpLineException) {
        return new Rejection(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
      }
      if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
        return new Rejection(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers too large");
      }
      return new Rejection(
          HttpResponseStatus.BAD_REQUEST, "malformed request: " + PemFiles.oneLine(cause));
    }
    HttpHeaders headers = req.headers();
    if (req.method() == HttpMethod.CONNECT) {
      if (http2 && headers.contains(HttpConversionUtil.ExtensionHeaderNames.PROTOCOL.text())) {
        // RFC 8441 extended CONNECT (:protocol), which the proxy never offers (no
        // SETTINGS_ENABLE_CONNECT_PROTOCOL): browsers then open WebSockets over HTTP/1.1, which is
        // tunnelled
        return new Rejection(
            HttpResponseStatus.NOT_IMPLEMENTED,
            "WebSocket over HTTP/2 (RFC 8441) is not supported; connect over HTTP/1.1");
      }
      return new Rejection(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not supported");
    }
    if (!http2 && isWebSocketUpgrade(headers)) {
      String invalid = invalidWebSocketUpgrade(req);
      if (invalid != null) {
        return new Rejection(
            HttpResponseStatus.BAD_REQUEST, "invalid WebSocket upgrade: " + invalid);
      }
    }
    if (headers.size() > MAX_HEADERS) {
      return new Rejection(
          HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          "more than " + MAX_HEADERS + " headers");
    }
    long bytes = req.method().name().length() + req.uri().length() + 11;
    int hosts = 0;
    for (Map.Entry<String, String> h : headers) {
      String name = h.getKey();
      String value = h.getValue();
      bytes += name.length() + value.length() + 4;
      if (!isToken(name)) {
        return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid header name");
      }
      if (!isFieldValue(value)) {
        return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid character in header " + name);
      }
      if (HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
        hosts++;
      }
    }
    if (bytes > maxHeaderBytes) {
      return new Rejection(
          HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          "request line and headers over " + maxHeaderBytes + " bytes");
    }
    if (hosts > 1) {
      return new Rejection(HttpResponseStatus.BAD_REQUEST, "more than one Host header");
    }
    if (hosts == 0 && !http2 && req.protocolVersion().minorVersion() >= 1) {
      return new Rejection(HttpResponseStatus.BAD_REQUEST, "missing Host header");
    }
    String host = headers.get(HttpHeaderNames.HOST);
    if (host != null && !isAuthority(host)) {
      return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid Host header");
    }
    List<String> te = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!te.isEmpty() && !(te.size() == 1 && te.get(0).trim().equalsIgnoreCase("chunked"))) {
      return new Rejection(HttpResponseStatus.NOT_IMPLEMENTED, "unsupported Transfer-Encoding");
    }
    if (originForm(req.uri()) == null) {
      return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid request target");
    }
    return null;
  }

  /**
   * The origin-form of a request target ({@code /path?query}); absolute-form loses its scheme and
   * authority.
   */
  static String originForm(String uri) {
    if (uri.startsWith("/")) {
      return uri.startsWith("//") ? null : uri;
    }
    if (uri.equals("*")) {
      return uri;
    }
    String lower = uri.toLowerCase(Locale.ROOT);
    int schemeEnd = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
    if (schemeEnd < 0) {
      return null;
    }
    int i = schemeEnd;
    while (i < uri.length()
        && uri.charAt(i) != '/'
        && uri.charAt(i) != '?'
        && uri.charAt(i) != '#') {
      i++;
    }
    if (i == schemeEnd) {
      return null;
    }
    String rest = uri.substring(i);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    if (rest.isEmpty()) {
      return "/";
    }
    return rest.startsWith("?") ? "/" + rest : rest;
  }

  /**
   * Rewrites a checked request in place for the backend: origin-form target, Host = backend,
   * hop-by-hop headers dropped, X-Forwarded-For appended, X-Forwarded-Proto/Host set (never taken
   * from the client).
   */
  static void rewrite(HttpRequest req, String clientIp, String backendAuthority) {
    HttpHeaders h = req.headers();
    String clientHost = h.get(HttpHeaderNames.HOST);
    req.setUri(originForm(req.uri()));
    String upgrade = isWebSocketUpgrade(h) ? h.get(HttpHeaderNames.UPGRADE) : null;
    removeHopByHop(h);
    if (upgrade != null) {
      // hop-by-hop, but the backend must see the upgrade it is asked for (RFC 9110 §7.8);
      // Sec-WebSocket-* pass
      h.set(HttpHeaderNames.UPGRADE, upgrade);
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    }
    h.remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text());
    h.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
    h.remove(HttpConversionUtil.ExtensionHeaderNames.PATH.text());
    h.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_DEPENDENCY_ID.text());
    h.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_WEIGHT.text());
    h.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_PROMISE_ID.text());
    h.remove(HttpConversionUtil.ExtensionHeaderNames.PROTOCOL.text());
    List<String> xff = h.getAll("x-forwarded-for");
    String forwarded = xff.isEmpty() ? clientIp : String.join(", ", xff) + ", " + clientIp;
    h.set("x-forwarded-for", forwarded);
    h.set("x-forwarded-proto", "https");
    if (clientHost != null) {
      h.set("x-forwarded-host", clientHost);
    } else {
      h.remove("x-forwarded-host");
    }
    // RFC 7239: the client's Forwarded is as spoofable as its X-Forwarded-For; the proxy states its
    // own
    String forIp = clientIp.indexOf(':') >= 0 ? "\"[" + clientIp + "]\"" : clientIp;
    h.set(
        "forwarded",
        "for="
            + forIp
            + (clientHost != null ? ";host=\"" + clientHost + "\"" : "")
            + ";proto=https");
    h.set(HttpHeaderNames.HOST, backendAuthority);
  }

  /**
   * Drops hop-by-hop headers and those named in Connection; Transfer-Encoding stays, the codecs own
   * it.
   */
  static void removeHopByHop(HttpHeaders h) {
    List<String> named = new ArrayList<>();
    for (String v : h.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : v.split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && !t.equals("transfer-encoding") && !t.equals("host")) {
          named.add(t);
        }
      }
    }
    for (String n : HOP_BY_HOP) {
      h.remove(n);
    }
    for (String n : named) {
      h.remove(n);
    }
  }

  /**
   * A WebSocket opening handshake (RFC 6455 §4.1): {@code Upgrade: websocket} (any other upgrade is
   * dropped).
   */
  static boolean isWebSocketUpgrade(HttpHeaders h) {
    return h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  /**
   * Why a WebSocket upgrade cannot be tunnelled (RFC 6455 §4.1: a GET, HTTP/1.1, Connection:
   * Upgrade, no body).
   */
  private static String invalidWebSocketUpgrade(HttpRequest req) {
    if (req.method() != HttpMethod.GET) {
      return "method " + req.method() + ", not GET";
    }
    if (req.protocolVersion() != HttpVersion.HTTP_1_1) {
      return req.protocolVersion() + ", not HTTP/1.1";
    }
    if (!req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
      return "no Connection: Upgrade";
    }
    if (req.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
        || req.headers().getInt(HttpHeaderNames.CONTENT_LENGTH, 0) != 0) {
      return "a request body";
    }
    return null;
  }

  static boolean isIdempotent(HttpMethod m) {
    return m == HttpMethod.GET
        || m == HttpMethod.HEAD
        || m == HttpMethod.OPTIONS
        || m == HttpMethod.PUT
        || m == HttpMethod.DELETE
        || m == HttpMethod.TRACE;
  }

  /**
   * RFC 9110 §7.2 Host = uri-host [ ":" port ], uri-host from RFC 3986 §3.2.2: reg-name
   * (unreserved, pct-encoded, sub-delims), IPv4 or an IP-literal in brackets. No userinfo, path,
   * query, fragment or whitespace.
   */
  static boolean isAuthority(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~%!$&'()*+,;=:[]".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
