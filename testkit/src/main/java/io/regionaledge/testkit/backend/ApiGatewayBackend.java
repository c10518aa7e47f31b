package io.regionaledge.testkit.backend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.regionaledge.testkit.pki.Leaf;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An HTTPS server that behaves like an API Gateway regional custom domain: it answers only to its
 * own name. An unknown or missing SNI fails the TLS handshake; a Host that is not its name gets
 * {@code 403 {"message":"Forbidden"}}; otherwise a live JSON body naming the region and changing on
 * every request, with {@code X-Echo-*} headers reporting what arrived.
 */
public final class ApiGatewayBackend implements AutoCloseable {
  static final List<String> ECHOED =
      List.of("Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host");

  private final String region;
  private final String hostname;
  private final Leaf certificate;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong forbidden = new AtomicLong();
  private final AtomicInteger handshakes = new AtomicInteger();
  private final AtomicLong rejectedHandshakes = new AtomicLong();
  private volatile Duration responseDelay = Duration.ZERO;
  private volatile int failureStatus;
  private InetSocketAddress address;
  private HttpsServer server;
  private ExecutorService executor;

  /**
   * @param bind address to listen on; port 0 picks one on first start and keeps it after
   * @param certificate a certificate for hostname (from the sandbox CA)
   */
  public ApiGatewayBackend(
      String region, String hostname, InetSocketAddress bind, Leaf certificate) {
    this.region = region;
    this.hostname = hostname.toLowerCase(Locale.ROOT);
    this.address = bind;
    this.certificate = certificate;
  }

  public synchronized ApiGatewayBackend start() {
    if (server != null) {
      return this;
    }
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(
          new KeyManager[] {
            new SniOnlyKeyManager(certificate, hostname, rejectedHandshakes::incrementAndGet)
          },
          null,
          null);
      SSLContext context = new CountingSslContext(tls, handshakes::incrementAndGet);
      HttpsServer https = HttpsServer.create(address, 128);
      https.setHttpsConfigurator(
          new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters parameters = context.getDefaultSSLParameters();
              // a wrong SNI gets the unrecognized_name alert; a missing one fails in the key
              // manager
              parameters.setSNIMatchers(
                  List.<SNIMatcher>of(
                      SNIHostName.createSNIMatcher(java.util.regex.Pattern.quote(hostname))));
              params.setSSLParameters(parameters);
            }
          });
      executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "backend-" + region);
                t.setDaemon(true);
                return t;
              });
      https.setExecutor(executor);
      https.createContext("/", this::handle);
      https.start();
      server = https;
      address = https.getAddress();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("backend " + hostname + " cannot listen on " + address, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Closes the listener and every connection: the region's backend is down until start(). */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server = null;
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized boolean running() {
    return server != null;
  }

  public String region() {
    return region;
  }

  public String hostname() {
    return hostname;
  }

  /** The bound address; after the first start, with the real port. */
  public synchronized InetSocketAddress address() {
    return address;
  }

  /** host:port for the RegionalEdge's backend.address field. */
  public String hostPort() {
    InetSocketAddress a = address();
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** Requests that reached a handler (including 403s). */
  public long requests() {
    return requests.get();
  }

  public long forbidden() {
    return forbidden.get();
  }

  /** TLS connections accepted (each gets its own engine), a measure of connection reuse. */
  public int connections() {
    return handshakes.get();
  }

  /** Handshakes refused for a missing or unknown SNI. */
  public long rejectedHandshakes() {
    return rejectedHandshakes.get();
  }

  /** Delays every answer, to provoke the proxy's response timeout. */
  public void setResponseDelay(Duration delay) {
    this.responseDelay = delay;
  }

  /** Non-zero: answer every request with this status (a sick but reachable backend). */
  public void setFailureStatus(int status) {
    this.failureStatus = status;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      body.transferTo(OutputStream.nullOutputStream());
      long n = requests.incrementAndGet();
      for (String header : ECHOED) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          exchange.getResponseHeaders().set("X-Echo-" + header, value);
        }
      }
      String sni = sni(exchange);
      if (sni != null) {
        exchange.getResponseHeaders().set("X-Echo-SNI", sni);
      }
      if (!ownName(exchange.getRequestHeaders().getFirst("Host"))) {
        forbidden.incrementAndGet();
        send(exchange, 403, "{\"message\":\"Forbidden\"}");
        return;
      }
      Duration delay = responseDelay;
      if (!delay.isZero()) {
        sleep(delay);
      }
      int status = failureStatus;
      if (status != 0) {
        send(exchange, status, "{\"message\":\"Internal server error\"}");
        return;
      }
      exchange.getResponseHeaders().set("X-Served-Region", region);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      send(
          exchange,
          200,
          "{\"region\":\""
              + region
              + "\",\"host\":\""
              + hostname
              + "\",\"method\":\""
              + exchange.getRequestMethod()
              + "\",\"path\":\""
              + jsonEscape(exchange.getRequestURI().getRawPath())
              + "\",\"counter\":"
              + n
              + ",\"nanoTime\":"
              + System.nanoTime()
              + "}\n");
    }
  }

  private boolean ownName(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    int colon = name.lastIndexOf(':');
    if (colon > 0) {
      name = name.substring(0, colon);
    }
    return name.equals(hostname);
  }

  private static String sni(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return null;
    }
    SSLSession session = https.getSSLSession();
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          return host.getAsciiName();
        }
      }
    }
    return null;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String jsonEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return "ApiGatewayBackend[" + hostname + " @ " + address + (running() ? "" : " (down)") + "]";
  }
}
