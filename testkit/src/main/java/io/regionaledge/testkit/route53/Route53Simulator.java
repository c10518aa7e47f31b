package io.regionaledge.testkit.route53;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A Route53 stand-in on a loopback HTTP port that the real AWS SDK v2 talks to (endpoint override
 * {@link #endpoint()}, region aws-global, any static credentials). It keeps zones, records and
 * health checks, probes the checks for real, resolves names per client region, and can be told to
 * fail requests. Build with {@link #builder()}; {@link #close()} stops everything.
 */
public final class Route53Simulator implements AutoCloseable {
  static {
    // The JDK HttpServer writes headers and body in separate segments; with Nagle on, a
    // keep-alive client's delayed ACK stalls every response by ~40 ms. Read once per JVM.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Route53Account account;
  private final HostedZoneStore store;
  private final HealthChecker health;
  private final Resolver resolver;
  private final FaultInjector faults;
  private final RequestCounters counters = new RequestCounters();
  private final HttpServer server;
  private final Throttling.Buckets throttling;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ExecutorService executor;

  private Route53Simulator(Builder b) {
    Random random = b.seed == null ? new Random() : new Random(b.seed);
    this.account =
        new Route53Account(
            b.clock,
            b.insyncDelay,
            new AccountLimits(b.healthCheckQuota, 500),
            b.refuseDeletingHealthChecksInUse,
            new AddressRanges(b.allowedNonPublic));
    this.store = account.zones;
    Function<HealthCheckConfig, Duration> interval =
        b.fixedInterval != null
            ? c -> b.fixedInterval
            : c ->
                Duration.ofMillis(
                    Math.max(10, Math.round(c.requestInterval() * 1000 * b.intervalScale)));
    // Route53 resolves an FQDN-only check through public DNS; here the simulated zones are that
    // DNS.
    String checkerRegion =
        b.latency.knows("us-east-1")
            ? "us-east-1"
            : b.latency.regions().stream().findFirst().orElse("us-east-1");
    Prober prober = new Prober(b.probeTimeout, b.clock, fqdn -> lookup(checkerRegion, fqdn));
    this.health =
        new HealthChecker(prober, interval, b.healthCheckThreads, b.probing, b.unknownIsHealthy);
    account.healthChecks.addListener(health);
    this.resolver = new Resolver(store, health, b.latency, random);
    this.faults = new FaultInjector(random);
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            b.httpThreads,
            r -> {
              Thread t = new Thread(r, "route53-sim-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 128);
    } catch (IOException e) {
      health.close();
      executor.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + b.host + ":" + b.port, e);
    }
    this.throttling = new Throttling.Buckets(b.throttling);
    server.createContext(
        "/", new Route53Http(account.routes(health), faults, counters, throttling));
    server.createContext("/_sim/", new SimApi(this));
    server.setExecutor(executor);
    server.start();
  }

  private Optional<String> lookup(String region, String fqdn) {
    try {
      return resolver.resolve(region, fqdn).addresses().stream().findFirst();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A simulator with every default, on an ephemeral loopback port. */
  public static Route53Simulator start() {
    return builder().start();
  }

  /** The base URI to give the SDK as endpointOverride, e.g. http://127.0.0.1:41234. */
  public URI endpoint() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Creates a public hosted zone (with its SOA and NS records) and returns its bare id, e.g.
   * Z1ABC...
   */
  public String createHostedZone(String name) {
    return store.create(name, UUID.randomUUID().toString(), null).id();
  }

  public List<HostedZone> hostedZones() {
    return store.zones();
  }

  /** The bare id of the zone named {@code name} (trailing dot optional). */
  public String zoneId(String name) {
    String n = DnsNames.normalize(name);
    return store.zones().stream()
        .filter(z -> z.name().equals(n))
        .map(HostedZone::id)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no simulated hosted zone named " + n));
  }

  /** The zone's record sets now, in Route53's listing order. */
  public ZoneSnapshot snapshot(String zoneId) {
    return store.snapshot(zoneId);
  }

  /** Applies changes directly (no counting, no faults), e.g. to seed foreign records. */
  public void apply(String zoneId, Change... changes) {
    store.change(zoneId, List.of(changes), null);
  }

  public List<HealthCheck> healthChecks() {
    return account.healthChecks.all();
  }

  /**
   * Makes {@code dnsName} in {@code hostedZoneId} (a zone the simulator does not hold, such as a
   * load balancer's canonical zone) a valid alias target; aliases to unregistered names there are
   * refused.
   */
  public void registerAliasTarget(String hostedZoneId, String dnsName) {
    account.aliasTargets.register(hostedZoneId, dnsName);
  }

  /**
   * The load balancers aliases may target: register them, set their addresses and target health.
   */
  public LoadBalancers loadBalancers() {
    return store.loadBalancers;
  }

  /** Creates a health check directly (no counting, no faults), with CreateHealthCheck's rules. */
  public HealthCheck createHealthCheck(String callerReference, HealthCheckConfig config) {
    return account.healthChecks.create(callerReference, config);
  }

  /** The checker's own status (before Inverted/Disabled and forcing). */
  public HealthStatus healthStatus(String healthCheckId) {
    return health.rawStatus(healthCheckId);
  }

  /** Whether routing treats the check as healthy now. */
  public boolean isHealthy(String healthCheckId) {
    return health.isHealthy(healthCheckId);
  }

  public Optional<ProbeResult> lastProbe(String healthCheckId) {
    return health.lastResult(healthCheckId);
  }

  /** Route53's checker regions, each of which reports on every check in GetHealthCheckStatus. */
  public static List<String> checkerRegions() {
    return CheckerRegions.ALL.stream().map(CheckerRegions.Checker::region).toList();
  }

  /**
   * The endpoint at {@code address} (a check's IPAddress, or its FQDN when it has none) drops the
   * requests of these checker regions, as a security group that lacks their ranges does: their
   * probes time out, GetHealthCheckStatus says so, and the check is unhealthy once 18% or fewer of
   * the checkers see it healthy. Replaces any earlier blocking of that address.
   */
  public void blockCheckers(String address, String... regions) {
    health.block(address, java.util.Set.of(regions));
  }

  /**
   * Each checker region's last StatusReport on the check (as GetHealthCheckStatus gives it), in
   * region order.
   */
  public Map<String, String> checkerReports(String healthCheckId) {
    Map<String, String> out = new LinkedHashMap<>();
    health
        .observations(healthCheckId, false)
        .forEach(o -> out.put(o.region(), o.result().report()));
    return out;
  }

  /** Lets every checker region reach {@code address} again. */
  public void unblockCheckers(String address) {
    health.unblock(address);
  }

  /**
   * Overrides a check's health for routing until {@link #unforceHealth(String)}; probes keep
   * running.
   */
  public void forceHealth(String healthCheckId, boolean healthy) {
    health.force(healthCheckId, healthy);
  }

  public void unforceHealth(String healthCheckId) {
    health.unforce(healthCheckId);
  }

  public FaultInjector faults() {
    return faults;
  }

  public RequestCounters counters() {
    return counters;
  }

  public Resolver resolver() {
    return resolver;
  }

  /** Requests answered Throttling by the account, action or change-throughput buckets. */
  public long rateLimitedCount() {
    return throttling.throttled();
  }

  /** The A answer a client in {@code clientRegion} gets for {@code name}. */
  public Answer resolve(String clientRegion, String name) {
    return resolver.resolve(clientRegion, name);
  }

  /** Stops serving and probing; safe to call more than once. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    server.stop(0);
    executor.shutdownNow();
    health.close();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The simulator's knobs; every one has a test-friendly default. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    // botocore GetChange: changes "generally propagate to all Route 53 name servers within 60
    // seconds"
    private Duration insyncDelay = Duration.ofSeconds(30);
    private List<String> allowedNonPublic = List.of();
    private double intervalScale = 0.01;
    private Duration fixedInterval;
    private Duration probeTimeout = Duration.ofSeconds(1);
    private int healthCheckThreads = 2;
    private int httpThreads = 4;
    private boolean probing = true;
    private boolean unknownIsHealthy = true;
    private int healthCheckQuota = 200;
    private boolean refuseDeletingHealthChecksInUse = true;
    private LatencyTable latency = LatencyTable.defaults();
    private Long seed;
    private Throttling throttling = Throttling.route53();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * How long a change stays PENDING before GetChange reports INSYNC. Default 30 s, in the range
     * Route53 takes; tests that run faster than real time set it (to a few hundred ms) visibly.
     */
    public Builder insyncDelay(Duration d) {
      this.insyncDelay = d;
      return this;
    }

    /** Probe every RequestInterval x scale (default 0.01: 30 s -> 300 ms, 10 s -> 100 ms). */
    public Builder healthCheckIntervalScale(double scale) {
      if (scale <= 0) throw new IllegalArgumentException("scale must be positive");
      this.intervalScale = scale;
      this.fixedInterval = null;
      return this;
    }

    /** Probe every check at this fixed interval, whatever its RequestInterval. */
    public Builder healthCheckInterval(Duration d) {
      this.fixedInterval = d;
      return this;
    }

    /** Connect and read timeout of one probe (default 1 s). */
    public Builder probeTimeout(Duration d) {
      this.probeTimeout = d;
      return this;
    }

    public Builder healthCheckThreads(int n) {
      this.healthCheckThreads = n;
      return this;
    }

    public Builder httpThreads(int n) {
      this.httpThreads = n;
      return this;
    }

    /**
     * false: never probe; checks stay UNKNOWN (routed as healthy) unless forced. For benchmarks.
     */
    public Builder probing(boolean on) {
      this.probing = on;
      return this;
    }

    /**
     * Default true, as Route53: a check with no result yet routes as healthy. false: a new check
     * routes as unhealthy until its first successful probe (fail-open still applies).
     */
    public Builder unknownIsHealthy(boolean on) {
      this.unknownIsHealthy = on;
      return this;
    }

    /** Account limit on health checks (default 200, Route53's default quota). */
    public Builder healthCheckQuota(int n) {
      this.healthCheckQuota = n;
      return this;
    }

    /**
     * Default true: DeleteHealthCheck fails with HealthCheckInUse while a record references it.
     * Real Route53 allows the delete (the record's routing becomes unpredictable), so the default
     * is stricter to catch that ordering bug.
     */
    public Builder refuseDeletingHealthChecksInUse(boolean on) {
      this.refuseDeletingHealthChecksInUse = on;
      return this;
    }

    /**
     * Test worlds only: health checks on addresses in these CIDRs are accepted even though Route53
     * refuses every local, private, non-routable or multicast address (a loopback world passes
     * 127.0.0.0/8). Empty by default: every such address is refused with InvalidInput.
     */
    public Builder allowNonPublicHealthCheckAddresses(String... cidrs) {
      List<String> all = List.of(cidrs);
      all.forEach(AddressRanges.Cidr::parse);
      this.allowedNonPublic = all;
      return this;
    }

    public Builder latencyTable(LatencyTable t) {
      this.latency = t;
      return this;
    }

    /** Seeds weighted choices and steady fault fractions, for repeatable runs. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Route53's token buckets: account, per action and change throughput. Default {@link
     * Throttling#route53()}, Route53's own figures; scale them with {@link
     * Throttling#timesFaster(double)} in tests that run faster than real time.
     */
    public Builder throttling(Throttling t) {
      this.throttling = java.util.Objects.requireNonNull(t);
      return this;
    }

    /** Route53's buckets with the account bucket replaced by this one. */
    public Builder rateLimit(double perSecond, int burst) {
      this.throttling = Throttling.route53().account(burst, perSecond);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public Route53Simulator start() {
      return new Route53Simulator(this);
    }
  }
}
