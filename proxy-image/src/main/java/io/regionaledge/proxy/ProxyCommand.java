package io.regionaledge.proxy;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of docs/proxy-contract.md; {@link #toConfig()} validates it into a {@link
 * ProxyConfig}.
 */
@Command(
    name = "regionaledge-proxy",
    mixinStandardHelpOptions = false,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "TLS edge proxy: terminates TLS for the public name and forwards to the regional backend "
            + "with Host and SNI rewritten to the backend name.",
    footer =
        "Every flag can also be set by its environment variable (REGIONALEDGE_ + the flag name in upper "
            + "snake case); a flag beats its variable. Durations: 500ms, 5s, 2m.")
final class ProxyCommand {
  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "0.0.0.0:8443",
      description = "TLS listener for users. Env REGIONALEDGE_LISTEN. Default ${DEFAULT-VALUE}.")
  String listen;

  @Option(
      names = "--cert",
      paramLabel = "FILE",
      description =
          "PEM certificate chain for the public hostname (reloaded on change). Env REGIONALEDGE_CERT. Required.")
  Path cert;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description =
          "PEM private key of --cert (reloaded on change). Env REGIONALEDGE_KEY. Required.")
  Path key;

  @Option(
      names = "--backend",
      paramLabel = "HOST[:PORT]",
      description =
          "Regional backend name: sent as Host and SNI and verified in its certificate; port 443 "
              + "unless given. Env REGIONALEDGE_BACKEND. Required.")
  String backend;

  @Option(
      names = "--backend-address",
      paramLabel = "HOST:PORT",
      description =
          "Connect here instead of resolving --backend. Env REGIONALEDGE_BACKEND_ADDRESS.")
  String backendAddress;

  @Option(
      names = "--backend-ca",
      paramLabel = "FILE",
      description =
          "Extra PEM trust for the backend (added to the system trust). Env REGIONALEDGE_BACKEND_CA.")
  Path backendCa;

  @Option(
      names = "--insecure-skip-backend-verify",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      description =
          "Do not verify the backend certificate (logged loudly). Env REGIONALEDGE_INSECURE_SKIP_BACKEND_VERIFY.")
  boolean insecureSkipBackendVerify;

  @Option(
      names = "--admin-listen",
      paramLabel = "HOST:PORT",
      defaultValue = "0.0.0.0:9090",
      description =
          "Plain HTTP /healthz, /readyz, /metrics. Env REGIONALEDGE_ADMIN_LISTEN. Default ${DEFAULT-VALUE}.")
  String adminListen;

  @Option(
      names = "--health-path",
      paramLabel = "PATH",
      defaultValue = "/.well-known/regionaledge/health",
      description =
          "Answered by the proxy on the TLS listener: 200 while ready, 503 otherwise. "
              + "Env REGIONALEDGE_HEALTH_PATH. Default ${DEFAULT-VALUE}.")
  String healthPath;

  @Option(
      names = "--connect-timeout",
      paramLabel = "D",
      defaultValue = "5s",
      description =
          "Upstream TCP+TLS connect. Env REGIONALEDGE_CONNECT_TIMEOUT. Default ${DEFAULT-VALUE}.")
  String connectTimeout;

  @Option(
      names = "--response-timeout",
      paramLabel = "D",
      defaultValue = "30s",
      description =
          "Backend response start, then 504. Env REGIONALEDGE_RESPONSE_TIMEOUT. Default ${DEFAULT-VALUE}.")
  String responseTimeout;

  @Option(
      names = "--request-header-timeout",
      paramLabel = "D",
      defaultValue = "10s",
      description =
          "Time a client has to send request headers. Env REGIONALEDGE_REQUEST_HEADER_TIMEOUT. "
              + "Default ${DEFAULT-VALUE}.")
  String requestHeaderTimeout;

  @Option(
      names = "--idle-timeout",
      paramLabel = "D",
      defaultValue = "60s",
      description =
          "Idle keep-alive client connection. Env REGIONALEDGE_IDLE_TIMEOUT. Default ${DEFAULT-VALUE}.")
  String idleTimeout;

  @Option(
      names = "--drain-grace-period",
      paramLabel = "D",
      defaultValue = "10s",
      description =
          "After SIGTERM: not ready at once, keep serving new connections this long. "
              + "Env REGIONALEDGE_DRAIN_GRACE_PERIOD. Default ${DEFAULT-VALUE}.")
  String drainGracePeriod;

  @Option(
      names = "--drain-timeout",
      paramLabel = "D",
      defaultValue = "30s",
      description =
          "Then wait at most this long for in-flight requests, then exit. "
              + "Env REGIONALEDGE_DRAIN_TIMEOUT. Default ${DEFAULT-VALUE}.")
  String drainTimeout;

  @Option(
      names = "--backend-probe-interval",
      paramLabel = "D",
      defaultValue = "2s",
      description =
          "How often readiness opens a fresh TLS connection to the backend. "
              + "Env REGIONALEDGE_BACKEND_PROBE_INTERVAL. Default ${DEFAULT-VALUE}.")
  String backendProbeInterval;

  @Option(
      names = "--max-header-bytes",
      paramLabel = "N",
      defaultValue = "16384",
      description =
          "Request line + headers; 431 beyond. Env REGIONALEDGE_MAX_HEADER_BYTES. Default ${DEFAULT-VALUE}.")
  int maxHeaderBytes;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "Concurrent client connections. Env REGIONALEDGE_MAX_CONNECTIONS. Default ${DEFAULT-VALUE}.")
  int maxConnections;

  @Option(
      names = "--max-backend-connections",
      paramLabel = "N",
      defaultValue = "512",
      description =
          "Backend connections per event loop (idle and busy); a request that finds none free waits "
              + "up to --connect-timeout, then gets 503. Env REGIONALEDGE_MAX_BACKEND_CONNECTIONS. "
              + "Default ${DEFAULT-VALUE}.")
  int maxBackendConnections;

  @Option(
      names = "--dns-server",
      paramLabel = "HOST:PORT",
      description =
          "DNS server for the backend name (UDP, then TCP for long answers). Env "
              + "REGIONALEDGE_DNS_SERVER. Default: the nameservers of /etc/resolv.conf.")
  String dnsServer;

  @Option(
      names = "--dns-max-ttl",
      paramLabel = "D",
      defaultValue = "30s",
      description =
          "Backend addresses are looked up again after their DNS TTL, at most this long. "
              + "Env REGIONALEDGE_DNS_MAX_TTL. Default ${DEFAULT-VALUE}.")
  String dnsMaxTtl;

  @Option(
      names = "--backend-max-connection-age",
      paramLabel = "D",
      defaultValue = "60s",
      description =
          "A backend connection is not reused past this age, so new backend addresses are "
              + "followed. Env REGIONALEDGE_BACKEND_MAX_CONNECTION_AGE. Default ${DEFAULT-VALUE}.")
  String backendMaxConnectionAge;

  @Option(
      names = "--access-log",
      paramLabel = "true|false",
      arity = "1",
      defaultValue = "true",
      description =
          "One JSON line per request on stdout. Env REGIONALEDGE_ACCESS_LOG. Default ${DEFAULT-VALUE}.")
  String accessLog;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  ProxyConfig toConfig() {
    if (cert == null) {
      throw new IllegalArgumentException("--cert is required (or REGIONALEDGE_CERT)");
    }
    if (key == null) {
      throw new IllegalArgumentException("--key is required (or REGIONALEDGE_KEY)");
    }
    if (backend == null || backend.isBlank()) {
      throw new IllegalArgumentException("--backend is required (or REGIONALEDGE_BACKEND)");
    }
    HostPort backendName = parse("--backend", backend, 443);
    if (!backendName.host().matches("[A-Za-z0-9.-]+")) {
      throw new IllegalArgumentException("--backend: '" + backend + "' is not a host name");
    }
    if (healthPath == null || !healthPath.startsWith("/")) {
      throw new IllegalArgumentException("--health-path must start with '/'");
    }
    if (maxHeaderBytes < 1024 || maxHeaderBytes > 1 << 20) {
      throw new IllegalArgumentException("--max-header-bytes must be between 1024 and 1048576");
    }
    if (maxBackendConnections < 1) {
      throw new IllegalArgumentException("--max-backend-connections must be positive");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("--max-connections must be positive");
    }
    if (!accessLog.equalsIgnoreCase("true") && !accessLog.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(
          "--access-log must be true or false, not '" + accessLog + "'");
    }
    return new ProxyConfig(
        parse("--listen", listen, -1),
        cert,
        key,
        backendName,
        backendAddress == null || backendAddress.isBlank()
            ? backendName
            : parse("--backend-address", backendAddress, -1),
        backendCa,
        insecureSkipBackendVerify,
        parse("--admin-listen", adminListen, -1),
        healthPath,
        duration("--connect-timeout", connectTimeout),
        duration("--response-timeout", responseTimeout),
        duration("--request-header-timeout", requestHeaderTimeout),
        duration("--idle-timeout", idleTimeout),
        duration("--drain-grace-period", drainGracePeriod),
        duration("--drain-timeout", drainTimeout),
        duration("--backend-probe-interval", backendProbeInterval),
        maxHeaderBytes,
        maxConnections,
        maxBackendConnections,
        Boolean.parseBoolean(accessLog),
        dnsServer == null || dnsServer.isBlank() ? null : parse("--dns-server", dnsServer, 53),
        duration("--dns-max-ttl", dnsMaxTtl),
        duration("--backend-max-connection-age", backendMaxConnectionAge));
  }

  private static HostPort parse(String flag, String value, int defaultPort) {
    try {
      HostPort hp = HostPort.parse(value, defaultPort);
      if (hp.port() < 0) {
        throw new IllegalArgumentException("missing port in '" + value + "'");
      }
      return hp;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage());
    }
  }

  private static java.time.Duration duration(String flag, String value) {
    try {
      java.time.Duration d = Durations.parse(value);
      if (d.isZero() && !flag.startsWith("--drain")) {
        throw new IllegalArgumentException("must be more than zero");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage());
    }
  }
}
