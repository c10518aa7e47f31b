package io.regionaledge.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP/2 client made of Netty's own frame writer and reader over a plain TLS socket (ALPN h2),
 * so a test can put any frame on the wire, valid or not, and see every frame the proxy answers
 * with. The writer encodes into an {@link EmbeddedChannel}; the bytes are copied to the socket.
 * Malformed frames go through {@link #rawFrame}, which the writer does not validate.
 */
final class RawH2 implements AutoCloseable {
  /** One frame from the proxy; {@code error} for RST_STREAM and GOAWAY, {@code data} for DATA. */
  record Frame(
      byte type, int stream, boolean endStream, long error, Http2Headers headers, String data) {
    boolean is(byte t, int s) {
      return type == t && stream == s;
    }
  }

  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
  private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader(true);
  private final EmbeddedChannel wire;
  private final ChannelHandlerContext ctx;
  private final ByteBuf inbound = Unpooled.buffer();
  final List<Frame> frames = new ArrayList<>();
  private boolean eof;

  /** The first SETTINGS the proxy sent. */
  Http2Settings serverSettings;

  private RawH2(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    wire = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    ctx = wire.pipeline().firstContext();
  }

  /**
   * Connects, sends the preface and SETTINGS (with {@code settings}), and ACKs the proxy's
   * SETTINGS.
   */
  static RawH2 connect(int port, Http2Settings settings) throws Exception {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    SSLSocket s =
        (SSLSocket)
            TestPki.clientContext()
                .getSocketFactory()
                .createSocket(plain, TestPki.PUBLIC_NAME, port, true);
    SSLParameters p = s.getSSLParameters();
    p.setApplicationProtocols(new String[] {"h2"});
    s.setSSLParameters(p);
    s.setSoTimeout(200);
    s.startHandshake();
    if (!"h2".equals(s.getApplicationProtocol())) {
      throw new IOException("ALPN did not select h2: " + s.getApplicationProtocol());
    }
    RawH2 c = new RawH2(s);
    c.out.write(ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf()));
    c.writer.writeSettings(c.ctx, settings, c.ctx.newPromise());
    c.flush();
    c.await(f -> f.type() == Http2FrameTypes.SETTINGS, 5000);
    c.writer.writeSettingsAck(c.ctx, c.ctx.newPromise());
    c.flush();
    return c;
  }

  static RawH2 connect(int port) throws Exception {
    return connect(port, new Http2Settings());
  }

  static Http2Headers request(String method, String path) {
    return new DefaultHttp2Headers()
        .method(method)
        .scheme("https")
        .path(path)
        .authority(TestPki.PUBLIC_NAME);
  }

  RawH2 headers(int stream, Http2Headers h, boolean endStream) throws IOException {
    writer.writeHeaders(ctx, stream, h, 0, endStream, ctx.newPromise());
    return flush();
  }

  RawH2 data(int stream, byte[] bytes, boolean endStream) throws IOException {
    writer.writeData(ctx, stream, Unpooled.wrappedBuffer(bytes), 0, endStream, ctx.newPromise());
    return flush();
  }

  RawH2 windowUpdate(int stream, int increment) throws IOException {
    return rawFrame(
        Http2FrameTypes.WINDOW_UPDATE, stream, 0, Unpooled.buffer(4).writeInt(increment));
  }

  RawH2 rst(int stream, long error) throws IOException {
    writer.writeRstStream(ctx, stream, error, ctx.newPromise());
    return flush();
  }

  /** Any frame, unchecked: for frames the RFC forbids. */
  RawH2 rawFrame(byte type, int stream, int flags, ByteBuf payload) throws IOException {
    writer.writeFrame(ctx, type, stream, new Http2Flags((short) flags), payload, ctx.newPromise());
    return flush();
  }

  private RawH2 flush() throws IOException {
    wire.flush();
    for (ByteBuf b; (b = wire.readOutbound()) != null; ) {
      try {
        out.write(ByteBufUtil.getBytes(b));
      } finally {
        b.release();
      }
    }
    out.flush();
    return this;
  }

  /**
   * Reads until a frame matches (returned) or the connection ends or {@code millis} pass (null).
   */
  Frame await(Predicate<Frame> wanted, long millis) throws IOException {
    return awaitAfter(0, wanted, millis);
  }

  /** As {@link #await}, among the frames from index {@code from} of {@link #frames} on. */
  Frame awaitAfter(int from, Predicate<Frame> wanted, long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    int seen = from;
    while (true) {
      for (; seen < frames.size(); seen++) {
        if (wanted.test(frames.get(seen))) {
          return frames.get(seen);
        }
      }
      if (eof || System.nanoTime() - deadline > 0) {
        return null;
      }
      readSome();
    }
  }

  /** True when the proxy closed the connection within {@code millis}. */
  boolean closedWithin(long millis) throws IOException {
    await(f -> false, millis);
    return eof;
  }

  private void readSome() throws IOException {
    byte[] buf = new byte[16384];
    int n;
    try {
      n = in.read(buf);
    } catch (SocketTimeoutException e) {
      return;
    } catch (IOException e) {
      eof = true;
      return;
    }
    if (n < 0) {
      eof = true;
      return;
    }
    inbound.writeBytes(buf, 0, n);
    try {
      reader.readFrame(
          ctx,
          inbound,
          new Http2EventAdapter() {
            @Override
            public int onDataRead(
                ChannelHandlerContext c, int streamId, ByteBuf data, int padding, boolean end) {
              frames.add(
                  new Frame(
                      Http2FrameTypes.DATA,
                      streamId,
                      end,
                      0,
                      null,
                      data.toString(java.nio.charset.StandardCharsets.UTF_8)));
              return data.readableBytes() + padding;
            }

            @Override
            public void onHeadersRead(
                ChannelHandlerContext c,
                int streamId,
                Http2Headers headers,
                int padding,
                boolean end) {
              frames.add(new Frame(Http2FrameTypes.HEADERS, streamId, end, 0, headers, null));
            }

            @Override
            public void onHeadersRead(
                ChannelHandlerContext c,
                int streamId,
                Http2Headers headers,
                int dep,
                short weight,
                boolean exclusive,
                int padding,
                boolean end) {
              onHeadersRead(c, streamId, headers, padding, end);
            }

            @Override
            public void onRstStreamRead(ChannelHandlerContext c, int streamId, long errorCode) {
              frames.add(
                  new Frame(Http2FrameTypes.RST_STREAM, streamId, false, errorCode, null, null));
            }

            @Override
            public void onGoAwayRead(
                ChannelHandlerContext c, int last, long errorCode, ByteBuf debug) {
              frames.add(
                  new Frame(
                      Http2FrameTypes.GO_AWAY,
                      0,
                      false,
                      errorCode,
                      null,
                      debug.toString(java.nio.charset.StandardCharsets.UTF_8)));
            }

            @Override
            public void onSettingsRead(ChannelHandlerContext c, Http2Settings settings) {
              if (serverSettings == null) {
                serverSettings = settings;
              }
              frames.add(
                  new Frame(Http2FrameTypes.SETTINGS, 0, false, 0, null, settings.toString()));
            }

            @Override
            public void onWindowUpdateRead(ChannelHandlerContext c, int streamId, int increment) {
              frames.add(
                  new Frame(Http2FrameTypes.WINDOW_UPDATE, streamId, false, increment, null, null));
            }
          });
    } catch (Exception e) {
      throw new IOException("cannot parse the proxy's frames", e);
    }
    inbound.discardReadBytes();
  }

  /**
   * The status of the response HEADERS on {@code stream}, or 0 when none arrived within {@code
   * millis}.
   */
  int status(int stream, long millis) throws IOException {
    Frame f =
        await(x -> x.is(Http2FrameTypes.HEADERS, stream) && x.headers().status() != null, millis);
    return f == null ? 0 : Integer.parseInt(f.headers().status().toString());
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    inbound.release();
    reader.close();
    wire.finishAndReleaseAll();
  }
}
