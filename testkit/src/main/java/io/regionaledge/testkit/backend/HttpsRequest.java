package io.regionaledge.testkit.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request over TLS with every knob a browser hides: the address to connect to, the SNI
 * (also the name verified in the certificate) and the Host header, independently. That is what a
 * client does after resolving a name to an address, and what probing a backend with the wrong name
 * needs. One connection per request ({@code Connection: close}).
 */
public final class HttpsRequest {
  private final SSLContext context;
  private final Duration timeout;

  public HttpsRequest(SSLContext context, Duration timeout) {
    this.context = context;
    this.timeout = timeout;
  }

  public record Response(int status, Map<String, String> headers, String body) {
    /** Header by lower-case name, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** GET with SNI and Host both set to name: what a browser sends. */
  public Response get(InetSocketAddress address, String name, String path) throws IOException {
    return get(address, name, name, path, Map.of());
  }

  /**
   * @param sni the TLS server name, verified against the certificate; null sends no SNI and skips
   *     name verification (the chain is still verified)
   * @param host the Host header
   */
  public Response get(
      InetSocketAddress address, String sni, String host, String path, Map<String, String> headers)
      throws IOException {
    int millis = (int) timeout.toMillis();
    try (Socket plain = new Socket()) {
      plain.connect(address, millis);
      plain.setSoTimeout(millis);
      String peer = sni != null ? sni : address.getAddress().getHostAddress();
      try (SSLSocket tls =
          (SSLSocket)
              context.getSocketFactory().createSocket(plain, peer, address.getPort(), true)) {
        SSLParameters parameters = tls.getSSLParameters();
        if (sni != null) {
          parameters.setServerNames(List.of(new SNIHostName(sni)));
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
        } else {
          parameters.setServerNames(List.of());
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        StringBuilder request =
            new StringBuilder("GET ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        OutputStream out = tls.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return read(new java.io.BufferedInputStream(tls.getInputStream()));
      }
    }
  }

  private static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
      throw new IOException("no HTTP response, got: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    byte[] body;
    String length = headers.get("content-length");
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunked(in);
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      if (size == null) {
        throw new IOException("chunked body ended early");
      }
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
      if (n == 0) {
        for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
          // trailers are not needed
        }
        return out.toByteArray();
      }
      out.write(in.readNBytes(n));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) c);
      if (line.length() > 65536) {
        throw new IOException("header line too long");
      }
    }
    return line.length() == 0 ? null : line.toString();
  }
}
