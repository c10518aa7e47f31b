package io.regionaledge.operator.reconciler;

import io.regionaledge.operator.api.BackendSpec;
import io.regionaledge.operator.api.DnsSpec;
import io.regionaledge.operator.api.HealthCheckSpec;
import io.regionaledge.operator.api.ProxySpec;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The proxy's settings as REGIONALEDGE_* environment variables (docs/proxy-contract.md), held in a
 * ConfigMap the proxy container reads with envFrom.
 */
public final class ProxyConfig {
  public static final int LISTEN_PORT = 8443;
  public static final int ADMIN_PORT = 9090;
  public static final String TLS_DIR = "/etc/regionaledge/tls";
  public static final String CERT_FILE = TLS_DIR + "/tls.crt";
  public static final String KEY_FILE = TLS_DIR + "/tls.key";

  /** The proxy's own default: in-flight requests get this long after the grace period. */
  public static final int DRAIN_TIMEOUT_SECONDS = 30;

  private ProxyConfig() {}

  /** Sorted, so equal settings give an equal ConfigMap and an equal hash. */
  public static Map<String, String> env(RegionalEdge edge, RegionSpec region) {
    ProxySpec proxy = orDefault(edge.getSpec().getProxy(), new ProxySpec());
    BackendSpec backend = region.getBackend();
    DnsSpec dns = orDefault(edge.getSpec().getDns(), new DnsSpec());
    HealthCheckSpec health = orDefault(dns.getHealthCheck(), new HealthCheckSpec());
    Map<String, String> env = new TreeMap<>();
    env.put("REGIONALEDGE_LISTEN", "0.0.0.0:" + LISTEN_PORT);
    env.put("REGIONALEDGE_ADMIN_LISTEN", "0.0.0.0:" + ADMIN_PORT);
    int port = backend.portOrDefault();
    env.put(
        "REGIONALEDGE_BACKEND",
        port == BackendSpec.DEFAULT_PORT ? backend.getHost() : backend.getHost() + ":" + port);
    if (backend.getAddress() != null && !backend.getAddress().isBlank()) {
      env.put("REGIONALEDGE_BACKEND_ADDRESS", backend.getAddress());
    }
    env.put("REGIONALEDGE_HEALTH_PATH", health.pathOrDefault());
    env.put("REGIONALEDGE_CONNECT_TIMEOUT", proxy.connectTimeoutOrDefault());
    env.put("REGIONALEDGE_RESPONSE_TIMEOUT", proxy.responseTimeoutOrDefault());
    env.put("REGIONALEDGE_REQUEST_HEADER_TIMEOUT", proxy.requestHeaderTimeoutOrDefault());
    env.put("REGIONALEDGE_IDLE_TIMEOUT", proxy.idleTimeoutOrDefault());
    env.put("REGIONALEDGE_DRAIN_GRACE_PERIOD", proxy.drainGracePeriodOrDefault());
    env.put("REGIONALEDGE_DRAIN_TIMEOUT", DRAIN_TIMEOUT_SECONDS + "s");
    env.put("REGIONALEDGE_MAX_HEADER_BYTES", String.valueOf(proxy.maxHeaderBytesOrDefault()));
    env.put("REGIONALEDGE_MAX_CONNECTIONS", String.valueOf(proxy.maxConnectionsOrDefault()));
    env.put("REGIONALEDGE_ACCESS_LOG", String.valueOf(proxy.accessLogOrDefault()));
    env.put("REGIONALEDGE_THREADS", String.valueOf(threads(proxy)));
    return env;
  }

  /**
   * One event loop per CPU the container may use (its cpu limit, else its request): the JVM sees
   * every CPU of the node, and each event loop keeps its own backend pool.
   */
  static int threads(ProxySpec proxy) {
    var resources = proxy.getResources();
    io.fabric8.kubernetes.api.model.Quantity cpu = null;
    if (resources != null && resources.getLimits() != null) {
      cpu = resources.getLimits().get("cpu");
    }
    if (cpu == null && resources != null && resources.getRequests() != null) {
      cpu = resources.getRequests().get("cpu");
    }
    if (cpu == null) {
      return 1;
    }
    return Math.max(
        1,
        io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(cpu)
            .setScale(0, java.math.RoundingMode.CEILING)
            .intValueExact());
  }

  /** Goes on the pod template: envFrom does not restart pods, a changed annotation does. */
  public static String hash(Map<String, String> env) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(env)
          .forEach(
              (k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '=');
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
              });
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Parses the proxy's duration syntax (500ms, 5s, 2m) into whole seconds, rounding up. */
  public static long seconds(String duration) {
    if (duration == null) {
      return 0;
    }
    if (duration.endsWith("ms")) {
      long ms = Long.parseLong(duration.substring(0, duration.length() - 2));
      return (ms + 999) / 1000;
    }
    long n = Long.parseLong(duration.substring(0, duration.length() - 1));
    return duration.endsWith("m") ? n * 60 : n;
  }

  static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
