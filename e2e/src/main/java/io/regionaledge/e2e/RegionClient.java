package io.regionaledge.e2e;

import io.regionaledge.testkit.backend.HttpsRequest;
import io.regionaledge.testkit.route53.Answer;
import io.regionaledge.testkit.route53.Route53Simulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A user placed in one region: resolves the public hostname through the Route53 simulator as a
 * client of that region would, keeps the answer for its TTL (scaled), connects to the address with
 * SNI and Host set to the public hostname, verifies the certificate against the sandbox CA, and
 * reports which region's backend served it (the body names it). Not thread-safe: one per sender.
 */
public final class RegionClient {
  private static final Pattern REGION = Pattern.compile("\"region\":\"([^\"]+)\"");

  private final String region;
  private final Route53Simulator dns;
  private final String hostname;
  private final int port;
  private final HttpsRequest https;
  private final double ttlScale;
  private List<String> cached = List.of();
  private long cachedUntilNanos;

  /**
   * @param ttlScale real seconds waited per second of TTL (e.g. 0.05: a 60 s TTL lasts 3 s)
   */
  public RegionClient(
      String region,
      Route53Simulator dns,
      String hostname,
      int port,
      SSLContext trust,
      Duration timeout,
      double ttlScale) {
    this.region = region;
    this.dns = dns;
    this.hostname = hostname;
    this.port = port;
    this.https = new HttpsRequest(trust, timeout);
    this.ttlScale = ttlScale;
  }

  /** One request, the way a browser does it: from the cached answer if still fresh. */
  public Outcome get(String path) {
    long start = System.nanoTime();
    String address = null;
    try {
      address = address();
      if (address == null) {
        return Outcome.failed(
            region, null, "no address for " + hostname, System.nanoTime() - start);
      }
      HttpsRequest.Response response =
          https.get(new InetSocketAddress(address, port), hostname, path);
      Matcher m = REGION.matcher(response.body());
      String served = m.find() ? m.group(1) : null;
      boolean ok = response.status() == 200 && served != null;
      return new Outcome(
          region,
          ok,
          response.status(),
          served,
          address,
          response.body(),
          ok ? null : "HTTP " + response.status(),
          System.nanoTime() - start);
    } catch (IOException | RuntimeException e) {
      return Outcome.failed(
          region,
          address,
          e.getClass().getSimpleName() + ": " + e.getMessage(),
          System.nanoTime() - start);
    }
  }

  /** Drops the cached answer: the next request resolves again. */
  public void forget() {
    cached = List.of();
    cachedUntilNanos = 0;
  }

  /** As if the last resolution had answered this address, for its full (scaled) TTL. */
  public void assumeResolved(String address, long ttlSeconds) {
    cached = List.of(address);
    cachedUntilNanos = System.nanoTime() + (long) (ttlSeconds * ttlScale * 1_000_000_000L);
  }

  public String region() {
    return region;
  }

  private String address() {
    if (cached.isEmpty() || System.nanoTime() - cachedUntilNanos >= 0) {
      Answer answer = dns.resolve(region, hostname);
      cached = answer.addresses();
      cachedUntilNanos = System.nanoTime() + (long) (answer.ttl() * ttlScale * 1_000_000_000L);
    }
    if (cached.isEmpty()) {
      return null;
    }
    return cached.get(ThreadLocalRandom.current().nextInt(cached.size()));
  }

  /** What one request got. {@code servedBy} is the region named in the body. */
  public record Outcome(
      String clientRegion,
      boolean ok,
      int status,
      String servedBy,
      String address,
      String body,
      String error,
      long nanos,
      Outcome priorFailure) {

    Outcome(
        String clientRegion,
        boolean ok,
        int status,
        String servedBy,
        String address,
        String body,
        String error,
        long nanos) {
      this(clientRegion, ok, status, servedBy, address, body, error, nanos, null);
    }

    static Outcome failed(String clientRegion, String address, String error, long nanos) {
      return new Outcome(clientRegion, false, 0, null, address, "", error, nanos);
    }

    public Outcome withPriorFailure(Outcome prior) {
      return new Outcome(clientRegion, ok, status, servedBy, address, body, error, nanos, prior);
    }

    /** Failures the user saw, counting the one the retry hid. */
    public int failures() {
      return (ok ? 0 : 1) + (priorFailure == null ? 0 : 1);
    }

    @Override
    public String toString() {
      return clientRegion
          + " client -> "
          + (ok ? "served by " + servedBy : "FAILED (" + error + ")")
          + " via "
          + address
          + (priorFailure == null ? "" : " after a failure: " + priorFailure.error);
    }
  }
}
