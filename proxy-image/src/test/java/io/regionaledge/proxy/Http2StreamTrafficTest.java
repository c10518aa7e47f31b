package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http2StreamTrafficTest {
  private final EmbeddedChannel stream = new EmbeddedChannel(new Http2StreamTraffic());

  @AfterEach
  void release() {
    stream.finishAndReleaseAll();
  }

  private static DefaultFullHttpResponse answer(int code) {
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code));
  }

  private Object written() {
    Object o = stream.readOutbound();
    ReferenceCountUtil.release(o);
    return o;
  }

  @Test
  void anAnswerBeforeTheRequestEndedIsFollowedByAResetWithNoError() {
    stream.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload"));
    ReferenceCountUtil.release(stream.readInbound());
    stream.writeOutbound(answer(413));
    assertThat(written()).isInstanceOf(DefaultFullHttpResponse.class);
    Object reset = written();
    assertThat(reset).isInstanceOf(Http2ResetFrame.class);
    assertThat(((Http2ResetFrame) reset).errorCode()).isEqualTo(Http2Error.NO_ERROR.code());
    assertThat(stream.isActive()).isFalse();
  }

  @Test
  void anAnswerAfterTheRequestEndedIsNotFollowedByAReset() {
    stream.writeInbound(
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload"),
        new DefaultLastHttpContent(Unpooled.copiedBuffer(new byte[4])));
    stream.releaseInbound();
    stream.writeOutbound(answer(200));
    written();
    assertThat((Object) stream.readOutbound()).isNull();
    assertThat(stream.isActive()).isTrue();
  }

  @Test
  void anInformationalResponseIsNotTheAnswer() {
    stream.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload"));
    stream.releaseInbound();
    stream.writeOutbound(
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.CONTINUE,
            Unpooled.EMPTY_BUFFER,
            EmptyHttpHeaders.INSTANCE,
            EmptyHttpHeaders.INSTANCE));
    written();
    assertThat((Object) stream.readOutbound()).isNull();
    assertThat(stream.isActive()).isTrue();
  }

  @Test
  void bodyFramesAfterTheAnswerAreDropped() {
    stream.writeInbound(
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload"),
        new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER));
    stream.releaseInbound();
    stream.writeOutbound(answer(200));
    written();
    stream.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer(new byte[4])));
    assertThat((Object) stream.readInbound()).isNull();
  }

  @Test
  void aStreamErrorFromNettysDecoderResetsTheStreamWithItsOwnCode() {
    stream
        .pipeline()
        .fireExceptionCaught(Http2Exception.streamError(3, Http2Error.PROTOCOL_ERROR, "bad"));
    Object reset = written();
    assertThat(reset).isInstanceOf(Http2ResetFrame.class);
    assertThat(((Http2ResetFrame) reset).errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
  }
}
