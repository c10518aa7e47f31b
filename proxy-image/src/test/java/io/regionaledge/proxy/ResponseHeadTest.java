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
        Exchange ex = new Exchange(new DefaultHttpRequest(v, m, "/x"), false);
        ex.clientBodyEnded = true;
        return ex;
    }

    private static HttpResponse response(int code, String... headers) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code));
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        return r;
    }

    @Test
    void aCloseDelimitedBodyIsChunkedForAnHttp11ClientAndTheBackendConnectionIsNotKept() {
        Exchange ex = exchange(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpResponse r = response(200, "connection", "close");
        assertThat(ResponseHead.prepare(r, ex, false, false)).isSameAs(r);
        assertThat(r.headers().get("transfer-encoding")).isEqualTo("chunked");
        assertThat(ex.upstreamKeepAlive).isFalse();
        assertThat(ex.closeAfterResponse).isFalse();
    }

    @Test
    void aCloseDelimitedBodyEndsWithTheConnectionForAnHttp10Client() {
        Exchange ex = exchange(HttpVersion.HTTP_1_0, HttpMethod.GET);
        HttpResponse r = response(200);
        ResponseHead.prepare(r, ex, false, false);
        assertThat(r.headers().contains("transfer-encoding")).isFalse();
        assertThat(ex.closeAfterResponse).isTrue();
        assertThat(r.headers().get("connection")).isEqualTo("close");
    }

    @Test
    void aChunkedBodyLosesTransferEncodingForAnHttp10Client() {
        Exchange ex = exchange(HttpVersion.HTTP_1_0, HttpMethod.GET);
        HttpResponse r = response(200, "transfer-encoding", "chunked");
        ResponseHead.prepare(r, ex, false, false);
        assertThat(r.headers().contains("transfer-encoding")).isFalse();
        assertThat(ex.closeAfterResponse).isTrue();
    }

    @Test
    void responsesWithoutABodyAreNotReframed() {
        for (int code : new int[] {204, 304}) {
            Exchange ex = exchange(HttpVersion.HTTP_1_1, HttpMethod.GET);
            HttpResponse r = response(code);
            ResponseHead.prepare(r, ex, false, false);
            assertThat(r.headers().contains("transfer-encoding")).as("" + code).isFalse();
            assertThat(ex.upstreamKeepAlive).as("" + code).isTrue();
        }
        Exchange head = exchange(HttpVersion.HTTP_1_1, HttpMethod.HEAD);
        HttpResponse r = response(200);
        ResponseHead.prepare(r, head, false, false);
        assertThat(r.headers().contains("transfer-encoding")).isFalse();
    }

    @Test
    void anInformationalResponseIsDroppedForAnHttp10Client() {
        Exchange ex = exchange(HttpVersion.HTTP_1_0, HttpMethod.GET);
        assertThat(ResponseHead.prepare(response(100), ex, false, false)).isNull();
        assertThat(ex.informational).isTrue();
        assertThat(ex.responseStarted).isFalse();
    }

    @Test
    void anInformationalResponseBecomesAFullResponseForHttp2() {
        Exchange ex = new Exchange(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x"), true);
        HttpObject out = ResponseHead.prepare(response(103, "link", "</a.css>; rel=preload"), ex, true, false);
        assertThat(out).isInstanceOf(FullHttpResponse.class).isInstanceOf(LastHttpContent.class);
        assertThat(((FullHttpResponse) out).status().code()).isEqualTo(103);
        assertThat(((FullHttpResponse) out).headers().get("link")).isEqualTo("</a.css>; rel=preload");
        assertThat(ex.responseStarted).isFalse();
    }

    @Test
    void aFinalResponseBeforeTheRequestEndedClosesAnHttp1Connection() {
        Exchange ex = exchange(HttpVersion.HTTP_1_1, HttpMethod.POST);
        ex.clientBodyEnded = false;
        HttpResponse r = response(413, "content-length", "0");
        ResponseHead.prepare(r, ex, false, false);
        assertThat(ex.closeAfterResponse).isTrue();
        assertThat(r.headers().get("connection")).isEqualTo("close");
        assertThat(ex.status).isEqualTo(413);
    }

    @Test
    void hopByHopHeadersOfTheBackendAreDropped() {
        Exchange ex = exchange(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpResponse r = response(200, "content-length", "2", "connection", "x-internal", "x-internal", "1",
                "keep-alive", "timeout=5");
        ResponseHead.prepare(r, ex, false, false);
        assertThat(r.headers().names()).containsExactly("content-length");
    }
}
