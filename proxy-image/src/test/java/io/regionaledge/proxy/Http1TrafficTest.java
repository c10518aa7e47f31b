package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http1TrafficTest {
  private boolean draining;
  private final ReadCounter reads = new ReadCounter();
  private final ClientTimeouts timeouts = new ClientTimeouts(TestConfig.config());
  private final EmbeddedChannel ch =
      new EmbeddedChannel(reads, timeouts, new Http1Traffic(timeouts, () -> draining));

  @AfterEach
  void release() {
    ch.finishAndReleaseAll();
  }

  private static HttpRequest get(String uri) {
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
  }

  private static FullHttpResponse ok() {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    r.headers().setInt("content-length", 0);
    return r;
  }

  /** The request heads that reached the stages above, in order (their bodies released). */
  private List<String> up() {
    List<String> uris = new ArrayList<>();
    for (Object m; (m = ch.readInbound()) != null; ) {
      if (m instanceof HttpRequest r) {
        uris.add(r.uri());
      }
      ReferenceCountUtil.release(m);
    }
    return uris;
  }

  private HttpResponse respond(HttpResponse r) {
    ch.writeOutbound(r);
    HttpObject written = ch.readOutbound();
    ReferenceCountUtil.release(written);
    return (HttpResponse) written;
  }

  @Test
  void pipelinedRequestsGoUpOneAtATimeInOrder() {
    ch.writeInbound(get("/1"), get("/2"), get("/3"));
    assertThat(up()).containsExactly("/1");
    respond(ok());
    assertThat(up()).containsExactly("/2");
    respond(ok());
    assertThat(up()).containsExactly("/3");
    assertThat(ch.isActive()).isTrue();
  }

  @Test
  void aReadAskedForWhilePipelinedRequestsWaitIsHeldBack() {
    ch.writeInbound(get("/1"), get("/2"));
    int before = reads.reads;
    ch.read();
    assertThat(reads.reads).isEqualTo(before);
    respond(ok());
    ch.read();
    assertThat(reads.reads).isGreaterThan(before);
  }

  @Test
  void anInformationalResponseDoesNotEndTheExchange() {
    ch.writeInbound(get("/1"), get("/2"));
    assertThat(up()).containsExactly("/1");
    ch.writeOutbound(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
        LastHttpContent.EMPTY_LAST_CONTENT);
    ch.releaseOutbound();
    assertThat(up()).isEmpty();
    respond(ok());
    assertThat(up()).containsExactly("/2");
  }

  @Test
  void anHttp10RequestGetsConnectionCloseAndTheConnectionEndsAfterTheResponse() {
    ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/old"));
    up();
    HttpResponse r = respond(ok());
    assertThat(r.headers().get("connection")).isEqualTo("close");
    assertThat(ch.isActive()).isFalse();
  }

  @Test
  void aResponseThatSaysConnectionCloseEndsTheConnectionEvenWithRequestsQueued() {
    ch.writeInbound(get("/1"), get("/2"));
    up();
    FullHttpResponse r = ok();
    r.headers().set("connection", "close");
    respond(r);
    assertThat(ch.isActive()).isFalse();
    assertThat(up()).isEmpty();
  }

  @Test
  void whileDrainingEveryResponseClosesItsConnection() {
    draining = true;
    ch.writeInbound(get("/1"));
    up();
    assertThat(respond(ok()).headers().get("connection")).isEqualTo("close");
    assertThat(ch.isActive()).isFalse();
  }

  @Test
  void drainClosesAnIdleConnectionAtOnce() {
    ch.pipeline().fireUserEventTriggered(Http1Traffic.DRAIN);
    assertThat(ch.isActive()).isFalse();
  }

  @Test
  void drainLetsTheCurrentExchangeFinishThenCloses() {
    ch.writeInbound(get("/1"));
    up();
    ch.pipeline().fireUserEventTriggered(Http1Traffic.DRAIN);
    assertThat(ch.isActive()).isTrue();
    assertThat(respond(ok()).headers().get("connection")).isEqualTo("close");
    assertThat(ch.isActive()).isFalse();
  }

  @Test
  void theRestOfABodyAnsweredEarlyIsReadAndDroppedThenTheNextRequestGoesUp() {
    HttpRequest post = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload");
    post.headers().setInt("content-length", 6);
    ch.writeInbound(post);
    assertThat(up()).containsExactly("/upload");
    respond(ok()); // e.g. the health path, answered before the body came
    int before = reads.reads;
    ch.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer(new byte[3])));
    assertThat(reads.reads).as("asks for the rest").isGreaterThan(before);
    ch.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer(new byte[3])), get("/next"));
    assertThat(up()).containsExactly("/next");
    assertThat(ch.isActive()).isTrue();
  }
}
