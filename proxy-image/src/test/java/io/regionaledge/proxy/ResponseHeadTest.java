package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {
  private static Exchange exchange(HttpVersion v, HttpMethod m) {
    Exchange ex = new Exchange(new DefaultHttpRequest(v, m, "/x"), false, "192.0.2.1");
    ex.requestDone = true;
    return ex;
  }

  private static HttpResponse response(int code, String... headers) {
    HttpResponse r =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code));
    for (int i = 0; i < headers.length; i += 2) {
      r.headers().add(headers[i], headers[i + 1]);
    }
    return r;
  }

  @Test
  void aCloseDelimitedBodyIsChunkedForAnHttp11ClientAndTheBackendConnectionIsNotKept() {
    Exchange ex = exchange(HttpVersion.HTTP_1_1, HttpMethod.GET);
    HttpResponse r = response(200, "connection", "close");
    assertThat(ResponseHead.prepare(r, ex)).isSameAs(r);
    assertThat(r.headers().get("transfer-encoding")).isEqualTo("chunked");
    assertThat(ex.upstreamKeepAlive).isFalse();
    assertThat(r.headers().contains("connection")).as("the client connection stays").isFalse();
  }

  @Test
  void aCloseDelimitedBodyEndsWithTheConnectionForAnHttp10Client() {
    Exchange ex = exchange(HttpVersion.HTTP_1_0, HttpMethod.GET);
    HttpResponse r = response(200);
    ResponseHead.prepare(r, ex);
    assertThat(r.headers().contains("transfer-encoding")).isFalse();
    assertThat(r.headers().get("connection")).isEqualTo("close");
  }

  @Test
  void aChunkedBodyLosesTransferEncodingForAnHttp10Client() {
    Exchange ex = exchange(HttpVersion.HTTP_1_0, HttpMethod.GET);
    HttpResponse r = response(200, "transfer-encoding", "chunked");
    ResponseHead.prepare(r, ex);
    assertThat(r.headers().contains("transfer-encoding")).isFalse();
    assertThat(r.headers().get("connection")).isEqualTo("close");
  }

  @Test
  void responsesWithoutABodyAreNotReframed() {
    for (int code : new int[] {204, 304}) {
      Exchange ex = exchange(HttpVersion.HTTP_1_1, HttpMethod.GET);
      HttpResponse r = response(code);
      ResponseHead.prepare(r, ex);
      assertThat(r.headers().contains("transfer-encoding")).as("" + code).isFalse();
      assertThat(ex.upstreamKeepAlive).as("" + code).isTrue();
    }
    Exchange head = exchange(HttpVersion.HTTP_1_1, HttpMethod.HEAD);
    HttpResponse r = response(200);
    ResponseHead.prepare(r, head);
    assertThat(r.headers().contains("transfer-encoding")).isFalse();
  }

  @Test
  void anInformationalResponseIsDroppedForAnHttp10Client() {
    Exchange ex = exchange(HttpVersion.HTTP_1_0, HttpMethod.GET);
    assertThat(ResponseHead.prepare(response(100), ex)).isNull();
    assertThat(ex.informational).isTrue();
    assertThat(ex.responseStarted).isFalse();
  }

  @Test
  void anInformationalResponseBecomesAFullResponseForHttp2() {
    Exchange ex =
        new Exchange(
            new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x"), true, "192.0.2.1");
    HttpObject out = ResponseHead.prepare(response(103, "link", "</a.css>; rel=preload"), ex);
    assertThat(out).isInstanceOf(FullHttpResponse.class).isInstanceOf(LastHttpContent.class);
    assertThat(((FullHttpResponse) out).status().code()).isEqualTo(103);
    assertThat(((FullHttpResponse) out).headers().get("link")).isEqualTo("</a.css>; rel=preload");
    assertThat(ex.responseStarted).isFalse();
  }

  @Test
  void aFinalResponseBeforeTheRequestEndedClosesAnHttp1Connection() {
    Exchange ex = exchange(HttpVersion.HTTP_1_1, HttpMethod.POST);
    ex.requestDone = false;
    HttpResponse r = response(413, "content-length", "0");
    ResponseHead.prepare(r, ex);
    assertThat(r.headers().get("connection")).isEqualTo("close");
    assertThat(ex.status).isEqualTo(413);
  }

  @Test
  void aSwitchingProtocolsAnswerToAWebSocketUpgradeKeepsUpgradeAndConnection() {
    Exchange ex = exchange(HttpVersion.HTTP_1_1, HttpMethod.GET);
    ex.upgrade = true;
    HttpResponse r =
        response(
            101,
            "upgrade",
            "websocket",
            "connection",
            "Upgrade",
            "sec-websocket-accept",
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(ResponseHead.prepare(r, ex)).isSameAs(r);
    assertThat(r.headers().get("upgrade")).isEqualTo("websocket");
    assertThat(r.headers().get("connection")).isEqualToIgnoringCase("upgrade");
    assertThat(r.headers().get("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(ex.informational).isFalse();
    assertThat(ex.status).isEqualTo(101);
  }

  @Test
  void aSwitchingProtocolsAnswerToAnOrdinaryRequestLosesItsUpgradeHeaders() {
    Exchange ex = exchange(HttpVersion.HTTP_1_1, HttpMethod.GET);
    HttpResponse r = response(101, "upgrade", "websocket", "connection", "Upgrade");
    ResponseHead.prepare(r, ex);
    assertThat(r.headers().contains("upgrade")).isFalse();
    assertThat(ex.informational).isTrue();
  }

  @Test
  void hopByHopHeadersOfTheBackendAreDropped() {
    Exchange ex = exchange(HttpVersion.HTTP_1_1, HttpMethod.GET);
    HttpResponse r =
        response(
            200,
            "content-length",
            "2",
            "connection",
            "x-internal",
            "x-internal",
            "1",
            "keep-alive",
            "timeout=5");
    ResponseHead.prepare(r, ex);
    assertThat(r.headers().names()).containsExactly("content-length");
  }
}
