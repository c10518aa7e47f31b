package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2ResetFrame;
import org.junit.jupiter.api.Test;

class Http2RequestCheckTest {
  private static Http2Headers full() {
    return new DefaultHttp2Headers()
        .method("GET")
        .scheme("https")
        .path("/x")
        .authority("fast.example.com");
  }

  @Test
  void aCompleteRequestPassesUntouched() {
    EmbeddedChannel ch = new EmbeddedChannel(new Http2RequestCheck());
    ch.writeInbound(new DefaultHttp2HeadersFrame(full(), false));
    ch.writeInbound(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[3]), true));
    assertThat((Object) ch.readInbound()).isInstanceOf(DefaultHttp2HeadersFrame.class);
    DefaultHttp2DataFrame data = ch.readInbound();
    assertThat(data.content().readableBytes()).isEqualTo(3);
    data.release();
    assertThat((Object) ch.readOutbound()).isNull();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void aRequestMissingAPseudoHeaderIsResetWithProtocolErrorAndNotPassedOn() {
    for (Http2Headers h :
        new Http2Headers[] {
          new DefaultHttp2Headers().scheme("https").path("/x"),
          new DefaultHttp2Headers().method("GET").path("/x"),
          new DefaultHttp2Headers().method("GET").scheme("https")
        }) {
      EmbeddedChannel ch = new EmbeddedChannel(new Http2RequestCheck());
      ch.writeInbound(new DefaultHttp2HeadersFrame(h, true));
      assertThat((Object) ch.readInbound()).as(h.toString()).isNull();
      Http2ResetFrame reset = ch.readOutbound();
      assertThat(reset.errorCode()).as(h.toString()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
      assertThat(ch.isOpen()).as(h.toString()).isFalse();
    }
  }

  @Test
  void trailersAfterTheRequestHeadAreNotCheckedAsARequest() {
    EmbeddedChannel ch = new EmbeddedChannel(new Http2RequestCheck());
    ch.writeInbound(new DefaultHttp2HeadersFrame(full(), false));
    ch.writeInbound(
        new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().add("x-trailer", "t"), true));
    assertThat((Object) ch.readInbound()).isNotNull();
    assertThat((Object) ch.readInbound()).isNotNull();
    assertThat(ch.isOpen()).isTrue();
  }
}
