package io.regionaledge.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP/1.1 client over a plain TLS socket: sends exactly the bytes it is given (so malformed
 * requests reach the wire as written) and parses responses with Content-Length, chunked or
 * close-delimited bodies.
 */
final class RawHttps implements AutoCloseable {
  final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttps(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in = new java.io.BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to 127.0.0.1:port with the given SNI (null: none), trusting the test CA, verifying
   * {@code sni}.
   */
  static RawHttps connect(int port, String sni) throws Exception {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    SSLSocket s =
        (SSLSocket)
            TestPki.clientContext()
                .getSocketFactory()
                .createSocket(plain, sni == null ? "127.0.0.1" : sni, port, true);
    SSLParameters p = s.getSSLParameters();
    p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
    p.setApplicationProtocols(new String[] {"http/1.1"});
    s.setSSLParameters(p);
    s.setSoTimeout(15000);
    s.startHandshake();
    return new RawHttps(s);
  }

  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  RawHttps send(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  OutputStream output() {
    return out;
  }

  Response get(String path, String host) throws IOException {
    send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    return read();
  }

  /** Reads one response; null when the server closed the connection before a status line. */
  Response read() throws IOException {
    return read(null);
  }

  /**
   * As {@link #read()}, streaming the body to {@code sink} (the returned body is then empty) if not
   * null.
   */
  Response read(OutputStream sink) throws IOException {
    return read(sink, false);
  }

  /** With {@code headOnly} (a response to HEAD) no body is read whatever the headers say. */
  Response read(OutputStream sink, boolean headOnly) throws IOException {
    String status = line();
    if (status == null) {
      return null;
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l; !(l = line()).isEmpty(); ) {
      int c = l.indexOf(':');
      headers.merge(
          l.substring(0, c).trim().toLowerCase(Locale.ROOT),
          l.substring(c + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    OutputStream target = sink == null ? body : sink;
    if (headOnly || code / 100 == 1 || code == 204 || code == 304) {
      return new Response(code, headers, new byte[0]);
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        String sizeLine = line();
        if (sizeLine == null) {
          throw new IOException("connection closed mid-body");
        }
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          while (!line().isEmpty()) {
            // trailers
          }
          break;
        }
        copy(size, target);
        line();
      }
    } else if (headers.containsKey("content-length")) {
      copy(Long.parseLong(headers.get("content-length")), target);
    } else {
      in.transferTo(target);
    }
    return new Response(code, headers, body.toByteArray());
  }

  private void copy(long n, OutputStream target) throws IOException {
    byte[] buf = new byte[65536];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new IOException("connection closed mid-body");
      }
      target.write(buf, 0, r);
      n -= r;
    }
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c; (c = in.read()) != -1; ) {
      if (c == '\n') {
        int len = b.length();
        return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
      }
      b.append((char) c);
    }
    if (b.length() == 0) {
      return null;
    }
    throw new IOException("connection closed mid-line");
  }

  /** True when the server closed the connection (EOF or reset) within the socket timeout. */
  boolean closedByPeer() {
    try {
      return in.read() == -1;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
