package io.regionaledge.proxy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DefaultDnsCache;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the backend is: the addresses of {@code --backend-address} (or {@code --backend}), looked
 * up with Netty's asynchronous DNS resolver, one per event loop, so no event loop ever waits for
 * DNS (the JDK's {@code InetAddress.getByName}, which Bootstrap uses by default, blocks the calling
 * loop, and the JDK lets one thread at a time look a name up). The name is looked up absolute
 * ({@code name.}, no search domains: with Kubernetes' {@code ndots:5} a public name would first be
 * tried under every cluster search domain). Answers are cached for at most {@code --dns-max-ttl},
 * whatever TTL they carry, so rotated API Gateway / CloudFront addresses are followed quickly. Only
 * the first lookup is waited for: after that a connection gets the last answer at once while at
 * most one lookup refreshes it in the background (stale-while-revalidate), and when lookups fail or
 * time out the last answer stays in use (serve-stale, RFC 8767 section 4): a slow or dead DNS
 * server neither delays connections to a reachable backend nor makes the proxy unready.
 */
final class BackendAddresses implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackendAddresses.class);

  private final HostPort target;
  private final String absoluteName;
  private final List<InetSocketAddress> literal;
  private final Map<EventLoop, DnsNameResolver> resolvers = new IdentityHashMap<>();
  private final String nameservers;
  private final AtomicInteger rotation = new AtomicInteger();
  private volatile List<InetSocketAddress> lastAnswer;
  private volatile long lastAnswerNanos;
  private volatile boolean servingStale;
  private final java.util.concurrent.atomic.AtomicBoolean refreshing =
      new java.util.concurrent.atomic.AtomicBoolean();

  BackendAddresses(
      HostPort target,
      HostPort dnsServer,
      java.time.Duration maxTtl,
      java.time.Duration queryTimeout,
      EventLoopGroup group,
      Class<? extends DatagramChannel> datagramChannel) {
    this.target = target;
    String host = target.host();
    if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
      this.literal =
          List.of(
              new InetSocketAddress(
                  NetUtil.createInetAddressFromIpAddressString(host), target.port()));
      this.absoluteName = host;
      this.nameservers = "none";
      return;
    }
    this.literal = null;
    this.absoluteName = host.endsWith(".") ? host : host + ".";
    DnsServerAddressStreamProvider servers =
        dnsServer == null
            ? DnsServerAddressStreamProviders.platformDefault() // /etc/resolv.conf
            : new SingletonDnsServerAddressStreamProvider(
                new InetSocketAddress(dnsServer.host(), dnsServer.port()));
    this.nameservers = dnsServer == null ? "resolv.conf" : dnsServer.toString();
    int maxTtlSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxTtl.toSeconds()));
    // one cache for all loops: a name looked up on one loop is known to the others; no negative
    // caching, a
    // failed lookup is retried by the next connection (and the last answer is used meanwhile)
    DefaultDnsCache cache = new DefaultDnsCache(0, maxTtlSeconds, 0);
    for (EventExecutor e : group) {
      EventLoop loop = (EventLoop) e;
      resolvers.put(
          loop,
          new DnsNameResolverBuilder(loop)
              .datagramChannelType(datagramChannel)
              .nameServerProvider(servers)
              .resolveCache(cache)
              .searchDomains(List.of())
              .ndots(1)
              .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
              .queryTimeoutMillis(Math.max(1, queryTimeout.toMillis()))
              .build());
    }
  }

  /** The name as looked up (absolute), for log lines. */
  String describe() {
    return literal != null
        ? target.toString()
        : absoluteName + ":" + target.port() + " (DNS " + nameservers + ")";
  }

  /**
   * Every address of the backend, rotated by one on each call so new connections spread over them;
   * completes on {@code loop}. Fails (with {@link UnknownHostException}) only when the lookup fails
   * and none ever succeeded.
   */
  Future<List<InetSocketAddress>> resolve(EventLoop loop) {
    if (literal != null) {
      return loop.newSucceededFuture(literal);
    }
    List<InetSocketAddress> last = lastAnswer;
    if (last != null) {
      refresh(loop);
      return loop.newSucceededFuture(rotated(lastAnswer));
    }
    Promise<List<InetSocketAddress>> promise = loop.newPromise();
    resolvers
        .get(loop)
        .resolveAll(absoluteName)
        .addListener(
            f -> {
              List<InetSocketAddress> addresses;
              if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> found = (List<InetAddress>) f.getNow();
                addresses = answered(found);
              } else {
                addresses = stale(f.cause());
                if (addresses == null) {
                  promise.setFailure(
                      new UnknownHostException(
                          "DNS lookup of "
                              + absoluteName
                              + " failed ("
                              + nameservers
                              + "): "
                              + PemFiles.oneLine(f.cause())));
                  return;
                }
              }
              promise.setSuccess(rotated(addresses));
            });
    return promise;
  }

  /** At most one lookup at a time; a fresh cached answer completes it at once, on this thread. */
  private void refresh(EventLoop loop) {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    resolvers
        .get(loop)
        .resolveAll(absoluteName)
        .addListener(
            f -> {
              refreshing.set(false);
              if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> found = (List<InetAddress>) f.getNow();
                answered(found);
              } else {
                stale(f.cause());
              }
            });
  }

  private List<InetSocketAddress> answered(List<InetAddress> found) {
    List<InetSocketAddress> addresses = new ArrayList<>(found.size());
    for (InetAddress a : found) {
      addresses.add(new InetSocketAddress(a, target.port()));
    }
    List<InetSocketAddress> before = lastAnswer;
    lastAnswerNanos = System.nanoTime();
    if (servingStale) {
      servingStale = false;
      log.info("DNS lookup of {} succeeds again", absoluteName);
    }
    if (before == null || !before.equals(addresses)) {
      lastAnswer = List.copyOf(addresses);
      log.info("backend {} is at {}", absoluteName, shown(addresses));
    }
    return addresses;
  }

  private List<InetSocketAddress> stale(Throwable cause) {
    List<InetSocketAddress> last = lastAnswer;
    if (last == null) {
      return null;
    }
    if (!servingStale) {
      servingStale = true;
      log.warn(
          "DNS lookup of {} failed ({}): {}; connecting to its last known addresses {} (from {}s ago)",
          absoluteName,
          nameservers,
          PemFiles.oneLine(cause),
          shown(last),
          (System.nanoTime() - lastAnswerNanos) / 1_000_000_000L);
    }
    return last;
  }

  private static List<String> shown(List<InetSocketAddress> addresses) {
    return addresses.stream()
        .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
        .toList();
  }

  private List<InetSocketAddress> rotated(List<InetSocketAddress> addresses) {
    int n = addresses.size();
    if (n <= 1) {
      return addresses;
    }
    int start = Math.floorMod(rotation.getAndIncrement(), n);
    List<InetSocketAddress> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(addresses.get((start + i) % n));
    }
    return out;
  }

  @Override
  public void close() {
    resolvers.values().forEach(DnsNameResolver::close);
  }
}
