package io.regionaledge.proxy;

import static io.regionaledge.proxy.TestPki.BACKEND_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9113 rules a server must enforce, one test per rule, written as raw frames. A stream error
 * may be answered with RST_STREAM on that stream or, more strictly, with GOAWAY (RFC 9113 §5.4.1:
 * "an endpoint MAY choose to treat a stream error as a connection error"); a connection error must
 * be a GOAWAY. Where the rule makes a request malformed, the request must also never reach the
 * backend complete (the h2-to-h1 desync vector).
 */
class Http2ConformanceIT {
  @TempDir static Path dir;
  static GatewayBackend backend;
  static RunningProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    backend = new GatewayBackend(BACKEND_NAME).start(0);
    proxy = RunningProxy.start(dir, backend, "--access-log", "false");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Admin.status(proxy.adminPort(), "/readyz") == 200);
  }

  @AfterAll
  static void stop() {
    proxy.close();
    backend.close();
  }

  /** RST_STREAM(code) on the stream, or GOAWAY(code) for the connection, within 5 s. */
  static boolean refused(RawH2 c, int stream, Http2Error code) throws Exception {
    return c.await(
            f ->
                f.type() == Http2FrameTypes.RST_STREAM
                        && f.stream() == stream
                        && f.error() == code.code()
                    || f.type() == Http2FrameTypes.GO_AWAY && f.error() == code.code(),
            5000)
        != null;
  }

  static boolean goAway(RawH2 c, Http2Error code) throws Exception {
    return c.await(f -> f.type() == Http2FrameTypes.GO_AWAY && f.error() == code.code(), 5000)
        != null;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void dataOnAHalfClosedRemoteStreamIsAStreamClosedError() throws Exception {
    // RFC 9113 §5.1, half-closed (remote): frames other than WINDOW_UPDATE, PRIORITY, RST_STREAM ->
    // STREAM_CLOSED
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/slow?ms=1000&c=halfclosed"), true);
      c.data(1, bytes("late"), false);
      assertThat(refused(c, 1, Http2Error.STREAM_CLOSED)).as(c.frames.toString()).isTrue();
    }
  }

  @Test
  void dataOnAClosedStreamIsAStreamClosedError() throws Exception {
    // RFC 9113 §5.1, closed: a frame after the stream ended -> STREAM_CLOSED (stream or connection
    // error)
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/c=closed"), true);
      assertThat(c.await(f -> f.stream() == 1 && f.endStream(), 5000)).isNotNull();
      c.data(1, bytes("after the end"), true);
      assertThat(refused(c, 1, Http2Error.STREAM_CLOSED)).as(c.frames.toString()).isTrue();
    }
  }

  @Test
  void headersOnAHalfClosedRemoteStreamResetTheStream() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/slow?ms=1000&c=halfclosedheaders"), true);
      c.headers(1, new DefaultHttp2Headers().add("x-trailer", "t"), true);
      assertThat(
              refused(c, 1, Http2Error.STREAM_CLOSED) || refused(c, 1, Http2Error.PROTOCOL_ERROR))
          .as(c.frames.toString())
          .isTrue();
    }
  }

  @Test
  void headersOnAHalfClosedRemoteStreamIsAStreamClosedError() throws Exception {
    // RFC 9113 §5.1, half-closed (remote): STREAM_CLOSED
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/slow?ms=1000&c=halfclosedheaders2"), true);
      c.headers(1, new DefaultHttp2Headers().add("x-trailer", "t"), true);
      assertThat(refused(c, 1, Http2Error.STREAM_CLOSED)).as(c.frames.toString()).isTrue();
    }
  }

  @Test
  void aStreamIdLowerThanAPreviousOneIsRefusedAndNeverForwarded() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(5, RawH2.request("GET", "/slow?ms=1000&c=id5"), true);
      c.headers(3, RawH2.request("GET", "/c=id3"), true);
      assertThat(
              c.await(
                  f -> f.is(Http2FrameTypes.RST_STREAM, 3) || f.type() == Http2FrameTypes.GO_AWAY,
                  5000))
          .as(c.frames.toString())
          .isNotNull();
    }
    assertThat(backend.sawAnyUriContaining("c=id3")).isFalse();
  }

  @Test
  void aStreamIdLowerThanAPreviousOneIsAConnectionProtocolError() throws Exception {
    // RFC 9113 §5.1.1: a new stream id must exceed every id opened before -> connection
    // PROTOCOL_ERROR
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(5, RawH2.request("GET", "/slow?ms=1000&c=id5b"), true);
      c.headers(3, RawH2.request("GET", "/c=id3b"), true);
      assertThat(goAway(c, Http2Error.PROTOCOL_ERROR)).as(c.frames.toString()).isTrue();
    }
  }

  @Test
  void aPriorityFrameOfAnotherLengthThanFiveIsAFrameSizeError() throws Exception {
    // RFC 9113 §6.3: PRIORITY with a length other than 5 -> stream error FRAME_SIZE_ERROR
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/slow?ms=1000&c=prio"), true);
      c.rawFrame(Http2FrameTypes.PRIORITY, 1, 0, Unpooled.buffer(4).writeInt(0));
      assertThat(refused(c, 1, Http2Error.FRAME_SIZE_ERROR)).as(c.frames.toString()).isTrue();
    }
  }

  @Test
  void aZeroWindowUpdateOnAStreamIsAProtocolError() throws Exception {
    // RFC 9113 §6.9: a flow-control window increment of 0 on a stream -> stream error
    // PROTOCOL_ERROR
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/slow?ms=1000&c=wu0"), true);
      c.windowUpdate(1, 0);
      assertThat(refused(c, 1, Http2Error.PROTOCOL_ERROR)).as(c.frames.toString()).isTrue();
    }
  }

  @Test
  void aWindowUpdatePastTwoToTheThirtyOneMinusOneIsAFlowControlError() throws Exception {
    // RFC 9113 §6.9.1: a window above 2^31-1 -> stream error FLOW_CONTROL_ERROR (65535 + 2^31-1
    // overflows)
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("GET", "/slow?ms=1000&c=wumax"), true);
      c.windowUpdate(1, Integer.MAX_VALUE);
      assertThat(refused(c, 1, Http2Error.FLOW_CONTROL_ERROR)).as(c.frames.toString()).isTrue();
    }
  }

  @Test
  void aSecondHeadersWithoutEndStreamMakesTheRequestMalformed() throws Exception {
    // RFC 9113 §8.1: trailers must carry END_STREAM; otherwise the request is malformed (§8.1.1
    // PROTOCOL_ERROR)
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("POST", "/c=secondheaders"), false);
      c.data(1, bytes("body"), false);
      c.headers(1, new DefaultHttp2Headers().add("x-trailer", "t"), false);
      assertThat(refused(c, 1, Http2Error.PROTOCOL_ERROR)).as(c.frames.toString()).isTrue();
    }
    assertThat(backend.completed).noneMatch(r -> r.contains("c=secondheaders"));
  }

  @Test
  void pseudoHeadersInTrailersMakeTheRequestMalformed() throws Exception {
    // RFC 9113 §8.1: pseudo-header fields must not appear in trailers -> malformed
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("POST", "/c=pseudotrailer"), false);
      c.data(1, bytes("body"), false);
      c.headers(1, new DefaultHttp2Headers().path("/evil"), true);
      assertThat(refused(c, 1, Http2Error.PROTOCOL_ERROR)).as(c.frames.toString()).isTrue();
    }
    assertThat(backend.completed).noneMatch(r -> r.contains("c=pseudotrailer"));
  }

  @Test
  void aRequestWithoutMethodIsMalformedAndNeverForwarded() throws Exception {
    missingPseudoHeader(
        new DefaultHttp2Headers()
            .scheme("https")
            .path("/c=nomethod")
            .authority(TestPki.PUBLIC_NAME),
        "c=nomethod");
  }

  @Test
  void aRequestWithoutSchemeIsMalformedAndNeverForwarded() throws Exception {
    missingPseudoHeader(
        new DefaultHttp2Headers().method("GET").path("/c=noscheme").authority(TestPki.PUBLIC_NAME),
        "c=noscheme");
  }

  @Test
  void aRequestWithoutPathIsMalformedAndNeverForwarded() throws Exception {
    missingPseudoHeader(
        new DefaultHttp2Headers()
            .method("GET")
            .scheme("https")
            .authority(TestPki.PUBLIC_NAME)
            .add("x-marker", "c=nopath"),
        "c=nopath");
  }

  private static void missingPseudoHeader(Http2Headers h, String marker) throws Exception {
    // RFC 9113 §8.3.1: every request carries exactly one :method, :scheme and :path -> malformed
    // otherwise
    int before = backend.heads.size();
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, h, true);
      assertThat(refused(c, 1, Http2Error.PROTOCOL_ERROR)).as(c.frames.toString()).isTrue();
    }
    assertThat(backend.sawAnyUriContaining(marker)).isFalse();
    assertThat(backend.heads.size()).as("requests the backend saw meanwhile").isEqualTo(before);
  }

  @Test
  void moreDataThanContentLengthIsMalformedAndNeverCompletesAtTheBackend() throws Exception {
    // RFC 9113 §8.1.1: content-length not equal to the sum of DATA -> malformed; must not become an
    // h1 request
    // whose extra bytes the backend would read as the next request
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("POST", "/c=cllong").setInt("content-length", 4), false);
      c.data(1, bytes("abcdGET /c=smuggled HTTP/1.1\r\nHost: x\r\n\r\n"), true);
      assertThat(refused(c, 1, Http2Error.PROTOCOL_ERROR)).as(c.frames.toString()).isTrue();
    }
    Thread.sleep(300);
    assertThat(backend.completed).noneMatch(r -> r.contains("c=cllong"));
    assertThat(backend.sawAnyUriContaining("c=smuggled")).isFalse();
  }

  @Test
  void lessDataThanContentLengthIsMalformedAndNeverCompletesAtTheBackend() throws Exception {
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("POST", "/c=clshort").setInt("content-length", 10), false);
      c.data(1, bytes("abc"), true);
      assertThat(refused(c, 1, Http2Error.PROTOCOL_ERROR)).as(c.frames.toString()).isTrue();
    }
    Thread.sleep(300);
    assertThat(backend.completed).noneMatch(r -> r.contains("c=clshort"));
  }

  @Test
  void aValidRequestOnTheSameRawClientIsAnswered() throws Exception {
    // the client above is right: a well-formed request gets a 200 from the backend
    try (RawH2 c = RawH2.connect(proxy.port())) {
      c.headers(1, RawH2.request("POST", "/c=valid").setInt("content-length", 3), false);
      c.data(1, bytes("abc"), true);
      assertThat(c.status(1, 5000)).isEqualTo(200);
    }
  }
}
