package io.regionaledge.proxy;

import static io.netty.handler.codec.http2.Http2CodecUtil.FRAME_HEADER_LENGTH;
import static io.netty.handler.codec.http2.Http2Exception.connectionError;
import static io.netty.handler.codec.http2.Http2Exception.streamError;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DecoratingHttp2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Two RFC 9113 stream-state rules that Netty 4.2.18's {@code DefaultHttp2ConnectionDecoder} gets
 * wrong, corrected around it. The decoder is fed one complete frame at a time, so each frame's
 * header is seen with the connection state the frame will be decoded against; every frame still
 * goes through Netty (HPACK state stays in sync).
 *
 * <ul>
 *   <li>§5.1.1: a client stream id lower than one the client already opened, and never opened
 *       itself, is a connection error PROTOCOL_ERROR. Netty cannot tell such an id from a stream
 *       that was opened and has since closed, and answers a stream error STREAM_CLOSED ("Received
 *       HEADERS frame for an unknown stream"). The ids a client skipped are remembered as ranges (a
 *       few per connection; past that the oldest fall back to Netty's answer), so a HEADERS that
 *       races our RST_STREAM on a real stream is still answered by Netty (§5.1 closed).
 *   <li>§5.1, half-closed (remote): a HEADERS frame is a stream error STREAM_CLOSED. Netty checks
 *       "received too many headers" first and answers PROTOCOL_ERROR; that error is re-typed here.
 * </ul>
 */
final class Rfc9113StreamRules extends DecoratingHttp2ConnectionDecoder {
  private static final int MAX_SKIPPED_RANGES = 16;

  /**
   * Ranges {@code [first, last]} of client stream ids skipped when a higher one was opened, oldest
   * first.
   */
  private final ArrayDeque<int[]> skipped = new ArrayDeque<>();

  /** A stream whose HEADERS block arrived while it was half-closed (remote); 0 for none. */
  private int halfClosedHeaders;

  Rfc9113StreamRules(Http2ConnectionDecoder delegate) {
    super(delegate);
  }

  /** {@link Http2FrameCodecBuilder#forServer()} with these rules around Netty's decoder. */
  static Http2FrameCodecBuilder serverCodec() {
    return new Http2FrameCodecBuilder() {
      {
        server(true);
        gracefulShutdownTimeoutMillis(0); // as forServer()
      }

      @Override
      protected Http2FrameCodec build(
          Http2ConnectionDecoder decoder,
          Http2ConnectionEncoder encoder,
          Http2Settings initialSettings) {
        return super.build(new Rfc9113StreamRules(decoder), encoder, initialSettings);
      }
    };
  }

  @Override
  public void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Http2Exception {
    Integer localMax = localSettings().maxFrameSize();
    int maxFrameSize = localMax == null ? Http2CodecUtil.DEFAULT_MAX_FRAME_SIZE : localMax;
    while (in.readableBytes() >= FRAME_HEADER_LENGTH) {
      int start = in.readerIndex();
      int length = in.getUnsignedMedium(start);
      if (length > maxFrameSize) {
        super.decodeFrame(
            ctx, in, out); // Netty answers FRAME_SIZE_ERROR without waiting for the payload
        return;
      }
      if (in.readableBytes() < FRAME_HEADER_LENGTH + length) {
        return; // the rest of the frame comes with a later read
      }
      byte type = in.getByte(start + 3);
      short flags = in.getUnsignedByte(start + 4);
      int streamId = in.getInt(start + 5) & Integer.MAX_VALUE;
      ByteBuf frame = in.readSlice(FRAME_HEADER_LENGTH + length);
      int lastCreated = connection().remote().lastStreamCreated();
      if (type == Http2FrameTypes.HEADERS) {
        beforeHeaders(streamId);
      }
      try {
        super.decodeFrame(ctx, frame, out);
      } catch (Http2Exception.StreamException e) {
        if (e.streamId() == halfClosedHeaders && e.error() == Http2Error.PROTOCOL_ERROR) {
          throw streamError(
              e.streamId(),
              Http2Error.STREAM_CLOSED,
              e,
              "HEADERS on half-closed (remote) stream %d",
              e.streamId());
        }
        throw e;
      } finally {
        if ((type == Http2FrameTypes.HEADERS || type == Http2FrameTypes.CONTINUATION)
            && new Http2Flags(flags).endOfHeaders()) {
          halfClosedHeaders = 0;
        }
        if (type == Http2FrameTypes.HEADERS) {
          rememberSkipped(lastCreated, connection().remote().lastStreamCreated());
        }
      }
    }
  }

  private void beforeHeaders(int streamId) throws Http2Exception {
    Http2Connection connection = connection();
    Http2Stream stream = connection.stream(streamId);
    if (stream == null) {
      if (wasSkipped(streamId)) {
        throw connectionError(
            Http2Error.PROTOCOL_ERROR,
            "HEADERS for stream %d, lower than stream %d the client opened before",
            streamId,
            connection.remote().lastStreamCreated());
      }
    } else if (stream.state() == Http2Stream.State.HALF_CLOSED_REMOTE && !stream.isResetSent()) {
      halfClosedHeaders = streamId;
    }
  }

  private boolean wasSkipped(int streamId) {
    if (!connection().remote().isValidStreamId(streamId)) {
      return false;
    }
    for (int[] r : skipped) {
      if (streamId >= r[0] && streamId <= r[1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * A new client stream {@code now} above {@code before}: the client ids between them are never
   * opened.
   */
  private void rememberSkipped(int before, int now) {
    int first = before == 0 ? 1 : before + 2;
    if (now > first) {
      if (skipped.size() == MAX_SKIPPED_RANGES) {
        skipped.removeFirst();
      }
      skipped.addLast(new int[] {first, now - 2});
    }
  }
}
