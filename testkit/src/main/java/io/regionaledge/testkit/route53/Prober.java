package io.regionaledge.testkit.route53;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Performs one check the way a Route53 checker does: TCP connect, TLS 1.2 without certificate
 * verification (SNI only when enabled), one GET with the Route53 Host header rules; 2xx/3xx passes.
 */
final class Prober {
  private static final int STR_MATCH_BYTES = 5120;

  private final Duration timeout;
  private final Clock clock;
  private final SSLContext tls;
  private final java.util.function.Function<String, java.util.Optional<String>> lookup;

  /**
   * {@code lookup} resolves a check's FQDN when it has no IPAddress (the simulator's own zones
   * first).
   */
  Prober(
      Duration timeout,
      Clock clock,
      java.util.function.Function<String, java.util.Optional<String>> lookup) {
    this.timeout = timeout;
    this.clock = clock;
    this.lookup = lookup;
    this.tls = trustAll();
  }

  /**
   * What a checker reports when the endpoint does not answer its TCP connect (a firewall dropping
   * the checker's range), word for word as Route53 writes it in a StatusReport
   * (GetHealthCheckStatus output in overmindtech/cli's route53 health-check adapter test).
   */
  static final String CONNECTION_TIMED_OUT =
      "Failure: Connection timed out. The endpoint or the internet connection "
          + "is down, or requests are being blocked by your firewall. See "
          + "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-router-firewall-rules.html";

  static ProbeResult timedOut(java.time.Instant at) {
    return new ProbeResult(false, CONNECTION_TIMED_OUT, at);
  }

  ProbeResult probe(HealthCheckConfig c) {
    try {
      return new ProbeResult(true, attempt(c), clock.instant());
    } catch (ProbeFailure f) {
      return new ProbeResult(false, "Failure: " + f.getMessage(), clock.instant());
    } catch (IOException | RuntimeException e) {
      return new ProbeResult(
          false,
          "Failure: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          clock.instant());
    }
  }

  private String attempt(HealthCheckConfig c) throws IOException {
    String ip =
        c.ipAddress() != null
            ? c.ipAddress()
            : lookup.apply(c.fullyQualifiedDomainName()).orElse(c.fullyQualifiedDomainName());
    InetAddress address = InetAddress.getByName(ip);
    int port = c.effectivePort();
    int millis = (int) Math.max(1, timeout.toMillis());
    try (Socket plain = new Socket()) {
      try {
        plain.connect(new InetSocketAddress(address, port), millis);
      } catch (java.net.SocketTimeoutException e) {
        throw new ProbeFailure(CONNECTION_TIMED_OUT.substring("Failure: ".length()));
      } catch (java.net.ConnectException e) {
        // the simulator's wording, after the timed-out text: nothing listens at the address and
        // port
        throw new ProbeFailure(
            "Connection refused. The endpoint or the internet connection is down, or "
                + "requests are being blocked by your firewall.");
      }
      plain.setSoTimeout(millis);
      if (c.type().equals("TCP")) return "Success: TCP connection established";
      Socket s = plain;
      if (c.usesTls()) {
        SSLSocket ssl =
            (SSLSocket)
                tls.getSocketFactory().createSocket(plain, address.getHostAddress(), port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm(null);
        if (c.enableSni() && c.fullyQualifiedDomainName() != null) {
          p.setServerNames(List.of(new SNIHostName(c.fullyQualifiedDomainName())));
        } else {
          p.setServerNames(List.of());
        }
        // "the endpoint must support TLS v1.0, v1.1 or v1.2" (Developer Guide, how Route 53
        // determines health): the checkers do not speak TLS 1.3, so neither does the prober
        // (the JDK no longer enables 1.0 and 1.1)
        p.setProtocols(new String[] {"TLSv1.2"});
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        s = ssl;
      }
      return exchange(s, c, port);
    }
  }

  private static String exchange(Socket s, HealthCheckConfig c, int port) throws IOException {
    String host =
        c.fullyQualifiedDomainName() != null ? c.fullyQualifiedDomainName() : c.ipAddress();
    if (port != 80 && port != 443) host = host + ":" + port;
    String path =
        c.resourcePath() == null || c.resourcePath().isEmpty()
            ? "/"
            : c.resourcePath().startsWith("/") ? c.resourcePath() : "/" + c.resourcePath();
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\n"
            + "User-Agent: Amazon-Route53-Health-Check-Service (ref regionaledge-simulator)\r\n"
            + "Accept: */*\r\nConnection: close\r\n\r\n";
    OutputStream out = s.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    String statusLine = readLine(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/"))
      throw new ProbeFailure("Invalid HTTP response: " + statusLine);
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new ProbeFailure("Invalid HTTP status: " + statusLine);
    }
    if (status < 200 || status >= 400) {
      throw new ProbeFailure(
          "HTTP Status Code " + status + (parts.length > 2 ? ", " + parts[2] : ""));
    }
    if (c.type().endsWith("STR_MATCH")) {
      while (!readLine(in).isEmpty()) {
        // skip headers; the search covers the start of the body only
      }
      byte[] body = in.readNBytes(STR_MATCH_BYTES);
      if (!new String(body, StandardCharsets.UTF_8).contains(c.searchString())) {
        throw new ProbeFailure(
            "HTTP Status Code "
                + status
                + ". Failed to find the search string "
                + "in the first 5120 bytes of the response body.");
      }
    }
    return "Success: HTTP Status Code " + status + (parts.length > 2 ? ", " + parts[2] : "");
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8192; i++) {
      int b = in.read();
      if (b < 0) {
        if (sb.length() == 0) throw new ProbeFailure("Connection closed before a response");
        break;
      }
      if (b == '\n') break;
      if (b != '\r') sb.append((char) b);
    }
    return sb.toString();
  }

  private static SSLContext trustAll() {
    try {
      // Route53 checkers do not validate certificates, so neither does the simulator.
      TrustManager trustAll =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the health checker's TLS context", e);
    }
  }

  private static final class ProbeFailure extends IOException {
    ProbeFailure(String message) {
      super(message);
    }
  }
}
