package io.regionaledge.proxy;

import java.nio.file.Path;
import java.time.Duration;

/** Validated settings of one proxy process. */
record ProxyConfig(
    HostPort listen,
    Path cert,
    Path key,
    HostPort backend,
    HostPort backendAddress,
    Path backendCa,
    boolean insecureSkipBackendVerify,
    HostPort adminListen,
    String healthPath,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration requestHeaderTimeout,
    Duration idleTimeout,
    Duration drainGracePeriod,
    Duration drainTimeout,
    Duration backendProbeInterval,
    int maxHeaderBytes,
    int maxConnections,
    int maxBackendConnections,
    boolean accessLog,
    HostPort dnsServer,
    Duration dnsMaxTtl,
    Duration backendMaxConnectionAge) {

  /** The Host header the backend expects: its name, with the port only when it is not 443. */
  String backendAuthority() {
    return backend.port() == 443 ? backend.host() : backend.host() + ":" + backend.port();
  }
}
