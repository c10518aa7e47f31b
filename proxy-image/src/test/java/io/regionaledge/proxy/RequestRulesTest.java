package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class RequestRulesTest {
  @Test
  void absoluteFormBecomesOriginForm() {
    assertThat(RequestRules.originForm("https://evil.example.org:8443/a/b?c=d#frag"))
        .isEqualTo("/a/b?c=d");
    assertThat(RequestRules.originForm("http://evil.example.org")).isEqualTo("/");
    assertThat(RequestRules.originForm("http://evil.example.org?x=1")).isEqualTo("/?x=1");
    assertThat(RequestRules.originForm("/plain?x")).isEqualTo("/plain?x");
  }

  @Test
  void targetsThatAreNotAPathAreRefused() {
    assertThat(RequestRules.originForm("//evil.example.org/x")).isNull();
    assertThat(RequestRules.originForm("ftp://x/y")).isNull();
    assertThat(RequestRules.originForm("x")).isNull();
    assertThat(RequestRules.originForm("http:///x")).isNull();
  }

  @Test
  void rewriteSetsTheBackendHostAndForwardedHeadersAndDropsHopByHop() {
    HttpRequest req =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "https://other/x?y=1");
    req.headers()
        .set("host", "fast.example.com")
        .set("connection", "keep-alive, x-secret")
        .set("x-secret", "s")
        .set("keep-alive", "timeout=5")
        .set("x-forwarded-for", "198.51.100.1")
        .set("x-forwarded-host", "spoofed")
        .set("proxy-authorization", "Basic x");
    RequestRules.rewrite(req, "192.0.2.7", "us-east-1-fast.example.com");
    assertThat(req.uri()).isEqualTo("/x?y=1");
    assertThat(req.headers().get("host")).isEqualTo("us-east-1-fast.example.com");
    assertThat(req.headers().get("x-forwarded-for")).isEqualTo("198.51.100.1, 192.0.2.7");
    assertThat(req.headers().get("x-forwarded-proto")).isEqualTo("https");
    assertThat(req.headers().get("x-forwarded-host")).isEqualTo("fast.example.com");
    assertThat(req.headers().names())
        .doesNotContain("connection", "x-secret", "keep-alive", "proxy-authorization");
  }

  @Test
  void onlyBodylessSafeAndIdempotentMethodsCountAsIdempotent() {
    assertThat(RequestRules.isIdempotent(HttpMethod.GET)).isTrue();
    assertThat(RequestRules.isIdempotent(HttpMethod.PUT)).isTrue();
    assertThat(RequestRules.isIdempotent(HttpMethod.POST)).isFalse();
    assertThat(RequestRules.isIdempotent(HttpMethod.PATCH)).isFalse();
  }

  private static HttpRequest get(String host) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
    req.headers().set("host", host);
    return req;
  }

  @Test
  void aHostThatIsNotAnAuthorityIsRefusedWith400() {
    for (String bad :
        new String[] {"bad host/x", "a/b", "a b", "x\\y", "h@evil", "", "a?b", "a#b"}) {
      RequestRules.Rejection r = RequestRules.check(get(bad), 16384, false);
      assertThat(r).as(bad).isNotNull();
      assertThat(r.status().code()).as(bad).isEqualTo(400);
    }
  }

  @Test
  void hostsThatAreAuthoritiesAreAccepted() {
    for (String ok :
        new String[] {
          "fast.example.com",
          "fast.example.com:8443",
          "127.0.0.1:1",
          "[::1]:8443",
          "xn--bcher-kva.example"
        }) {
      assertThat(RequestRules.check(get(ok), 16384, false)).as(ok).isNull();
    }
  }

  @Test
  void aWebSocketUpgradeIsForwardedWithItsUpgradeAndConnectionAndTheBackendsHost() {
    HttpRequest req = get("fast.example.com");
    req.headers()
        .set("connection", "keep-alive, Upgrade")
        .set("upgrade", "websocket")
        .set("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .set("sec-websocket-version", "13");
    assertThat(RequestRules.check(req, 16384, false)).isNull();
    RequestRules.rewrite(req, "192.0.2.7", "us-east-1-fast.example.com");
    assertThat(req.headers().get("upgrade")).isEqualTo("websocket");
    assertThat(req.headers().get("connection")).isEqualTo("upgrade");
    assertThat(req.headers().get("host")).isEqualTo("us-east-1-fast.example.com");
    assertThat(req.headers().get("sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
  }

  @Test
  void anUpgradeToAnythingButWebSocketIsDroppedAsHopByHop() {
    HttpRequest req = get("fast.example.com");
    req.headers()
        .set("connection", "Upgrade, HTTP2-Settings")
        .set("upgrade", "h2c")
        .set("http2-settings", "AAMAAABkAARAAAAAAAIAAAAA");
    assertThat(RequestRules.check(req, 16384, false)).isNull();
    RequestRules.rewrite(req, "192.0.2.7", "us-east-1-fast.example.com");
    assertThat(req.headers().contains("upgrade")).isFalse();
    assertThat(req.headers().contains("connection")).isFalse();
    assertThat(req.headers().contains("http2-settings")).isFalse();
  }

  @Test
  void aWebSocketUpgradeThatIsNotAGetWithoutBodyIsRefused() {
    HttpRequest post = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/chat");
    post.headers()
        .set("host", "fast.example.com")
        .set("connection", "Upgrade")
        .set("upgrade", "websocket");
    assertThat(RequestRules.check(post, 16384, false).status().code()).isEqualTo(400);
    HttpRequest noConnection = get("fast.example.com");
    noConnection.headers().set("upgrade", "websocket");
    assertThat(RequestRules.check(noConnection, 16384, false).reason())
        .contains("Connection: Upgrade");
    HttpRequest old = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/chat");
    old.headers()
        .set("host", "fast.example.com")
        .set("connection", "Upgrade")
        .set("upgrade", "websocket");
    assertThat(RequestRules.check(old, 16384, false).status().code()).isEqualTo(400);
  }

  @Test
  void anHttp2ExtendedConnectIsRefusedWith501NamingHttp11() {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT, "/chat");
    req.headers().set("host", "fast.example.com").set("x-http2-protocol", "websocket");
    RequestRules.Rejection r = RequestRules.check(req, 16384, true);
    assertThat(r.status().code()).isEqualTo(501);
    assertThat(r.reason()).contains("HTTP/1.1");
  }

  @Test
  void aClientForwardedHeaderIsReplacedByTheProxysOwn() {
    HttpRequest req = get("fast.example.com");
    req.headers()
        .add("forwarded", "for=203.0.113.9;host=evil")
        .add("forwarded", "for=198.51.100.2");
    RequestRules.rewrite(req, "192.0.2.7", "us-east-1-fast.example.com");
    assertThat(req.headers().getAll("forwarded"))
        .containsExactly("for=192.0.2.7;host=\"fast.example.com\";proto=https");
  }

  @Test
  void anIpv6ClientIsQuotedInForwarded() {
    HttpRequest req = get("fast.example.com");
    RequestRules.rewrite(req, "2001:db8::1", "us-east-1-fast.example.com");
    assertThat(req.headers().get("forwarded"))
        .isEqualTo("for=\"[2001:db8::1]\";host=\"fast.example.com\";proto=https");
  }
}
