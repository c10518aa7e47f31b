package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalAnswersTest {
  private final Shared shared = TestConfig.shared(TestConfig.config());
  private final EmbeddedChannel ch = new EmbeddedChannel(new LocalAnswers(shared, false));

  @AfterEach
  void release() {
    ch.finishAndReleaseAll();
  }

  private static HttpRequest get(String uri, String host) {
    HttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    if (host != null) {
      r.headers().set("host", host);
    }
    return r;
  }

  private FullHttpResponse answered() {
    return ch.readOutbound();
  }

  @Test
  void aValidRequestGoesOnAsAnExchangeFollowedByItsBody() {
    ch.writeInbound(get("/x", TestPki.PUBLIC_NAME));
    Object first = ch.readInbound();
    assertThat(first).isInstanceOf(Exchange.class);
    assertThat(((Exchange) first).uri).isEqualTo("/x");
    Object body = ch.readInbound();
    assertThat(body).isInstanceOf(LastHttpContent.class).isNotInstanceOf(HttpRequest.class);
    ReferenceCountUtil.release(body);
    assertThat((Object) ch.readOutbound()).isNull();
    assertThat(shared.metrics().inFlight.get()).isEqualTo(1);
  }

  @Test
  void aRequestThatBreaksTheRulesIsAnsweredHereAndSaysClose() {
    ch.writeInbound(get("/x", "bad host/x"));
    assertThat((Object) ch.readInbound()).isNull();
    FullHttpResponse r = answered();
    assertThat(r.status().code()).isEqualTo(400);
    assertThat(r.headers().get("connection")).isEqualTo("close");
    assertThat(r.content().toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("invalid Host header");
    r.release();
    assertThat(shared.metrics().inFlight.get()).as("the exchange ended").isZero();
  }

  @Test
  void theHealthPathIsAnsweredFromReadinessAndItsBodyIsDropped() {
    HttpRequest req =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, shared.config().healthPath());
    req.headers().set("host", TestPki.PUBLIC_NAME).setInt("content-length", 3);
    ch.writeInbound(req, new DefaultHttpContent(Unpooled.copiedBuffer(new byte[3])));
    assertThat((Object) ch.readInbound()).isNull();
    FullHttpResponse r = answered();
    assertThat(r.status().code()).isEqualTo(503); // no probe has succeeded
    assertThat(r.content().toString(java.nio.charset.StandardCharsets.UTF_8)).contains("not ready");
    assertThat(r.headers().contains("connection")).isFalse();
    r.release();
  }

  @Test
  void aWebSocketUpgradeIsMarkedOnItsExchange() {
    HttpRequest req = get("/chat", TestPki.PUBLIC_NAME);
    req.headers()
        .set("upgrade", "websocket")
        .set("connection", "Upgrade")
        .set("sec-websocket-version", "13")
        .set("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==");
    ch.writeInbound(req);
    Exchange ex = ch.readInbound();
    assertThat(ex.upgrade).isTrue();
    ReferenceCountUtil.release(ch.readInbound());
  }

  @Test
  void aWebSocketUpgradeWithABodyIsRefused() {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/chat");
    req.headers()
        .set("host", TestPki.PUBLIC_NAME)
        .set("upgrade", "websocket")
        .set("connection", "Upgrade")
        .setInt("content-length", 5);
    ch.writeInbound(req);
    FullHttpResponse r = answered();
    assertThat(r.status().code()).isEqualTo(400);
    assertThat(r.content().toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("invalid WebSocket upgrade");
    r.release();
    ch.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer(new byte[5])));
    assertThat((Object) ch.readInbound()).as("the body of an answered request is dropped").isNull();
  }
}
