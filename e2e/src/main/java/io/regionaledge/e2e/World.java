package io.regionaledge.e2e;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.regionaledge.operator.OperatorSettings;
import io.regionaledge.operator.RegionalEdgeOperator;
import io.regionaledge.operator.api.BackendSpec;
import io.regionaledge.operator.api.DnsSpec;
import io.regionaledge.operator.api.ExposureSpec;
import io.regionaledge.operator.api.HealthCheckSpec;
import io.regionaledge.operator.api.ProxySpec;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.api.RegionalEdgeSpec;
import io.regionaledge.operator.dns.DnsSync;
import io.regionaledge.operator.dns.RequestBudget;
import io.regionaledge.operator.dns.Route53DnsSync;
import io.regionaledge.operator.dns.Route53Limits;
import io.regionaledge.operator.dns.Route53Options;
import io.regionaledge.operator.dns.SdkRoute53Api;
import io.regionaledge.operator.dns.ZoneCache;
import io.regionaledge.testkit.backend.ApiGatewayBackend;
import io.regionaledge.testkit.pki.TestCa;
import io.regionaledge.testkit.route53.Route53Simulator;
import io.regionaledge.testkit.route53.Throttling;
import io.regionaledge.testkit.route53.ZoneSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The simulated multi-region world on one machine: one Route53 simulator holding the zone, and per
 * region an API-Gateway-like backend and a {@link Cluster} running the real operator, whose proxies
 * run as real processes. Everything binds loopback addresses only.
 */
public final class World implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(World.class);
  public static final String NAMESPACE = "default";
  public static final String ZONE = "example.com";
  public static final String HOSTNAME = "fast.example.com";
  private static final char[] TRUST_PASSWORD = "changeit".toCharArray();

  /**
   * Route53's buckets refill this many times faster here than in AWS (the world's clock is sped
   * up).
   */
  static final double ROUTE53_TIME = 10;

  private final Config config;
  private final Path workDir;
  private final boolean temporary;
  private final TestCa ca;
  private final Path caFile;
  private final Route53Simulator route53;
  private final String zoneId;
  private final Map<String, ApiGatewayBackend> backends = new LinkedHashMap<>();
  private final Map<String, Cluster> clusters = new LinkedHashMap<>();

  /**
   * How the world is scaled. Defaults suit tests on two cores.
   *
   * @param regions region names; the first is region number 1 (127.0.1.x), and so on
   * @param nodesPerRegion nodes per cluster (one more than replicas lets a rollout surge)
   * @param healthCheckIntervalScale Route53 probe period = RequestInterval x this
   * @param ttlScale real seconds a client keeps an answer per second of TTL
   * @param maxReconcileInterval the operator's periodic resync
   */
  public record Config(
      List<String> regions,
      int nodesPerRegion,
      Path workDir,
      double healthCheckIntervalScale,
      double ttlScale,
      Duration maxReconcileInterval,
      ClusterStandIn.Settings standIn) {
    public static Config defaults() {
      return new Config(
          List.of("us-east-1", "eu-west-1"),
          3,
          null,
          0.03,
          1.0 / 60,
          Duration.ofSeconds(20),
          ClusterStandIn.Settings.defaults());
    }

    public Config withRegions(List<String> names) {
      return new Config(
          names,
          nodesPerRegion,
          workDir,
          healthCheckIntervalScale,
          ttlScale,
          maxReconcileInterval,
          standIn);
    }

    public Config withWorkDir(Path dir) {
      return new Config(
          regions,
          nodesPerRegion,
          dir,
          healthCheckIntervalScale,
          ttlScale,
          maxReconcileInterval,
          standIn);
    }
  }

  private World(Config config) throws IOException {
    this.config = config;
    this.temporary = config.workDir() == null;
    this.workDir =
        temporary
            ? Files.createTempDirectory("regionaledge-world-")
            : Files.createDirectories(config.workDir());
    this.ca = TestCa.create("RegionalEdge sandbox CA");
    this.caFile = ca.writeCertificate(workDir.resolve("ca.pem"));
    Path trustStore = workDir.resolve("image-trust.p12");
    try (OutputStream out = Files.newOutputStream(trustStore)) {
      ca.trustStore().store(out, TRUST_PASSWORD);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    ProxyImage image =
        new ProxyImage(
            ProxyJar.locate(workDir),
            List.of(
                "-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=" + new String(TRUST_PASSWORD)));
    // Route53's rules and buckets, with time scaled like the health checks; the proxies listen on
    // loopback, which Route53 would refuse to check, so the world allows it explicitly
    this.route53 =
        Route53Simulator.builder()
            .host("127.0.0.1")
            .healthCheckIntervalScale(config.healthCheckIntervalScale())
            .probeTimeout(Duration.ofMillis(800))
            .insyncDelay(Duration.ofMillis(200))
            .throttling(Throttling.route53().timesFaster(ROUTE53_TIME))
            .allowNonPublicHealthCheckAddresses("127.0.0.0/8")
            .start();
    this.zoneId = route53.createHostedZone(ZONE);
    int number = 1;
    for (String region : config.regions()) {
      RegionPlan plan = RegionPlan.of(number++, region, config.nodesPerRegion());
      String backendName = plan.backendName(HOSTNAME);
      backends.put(
          region,
          new ApiGatewayBackend(
                  region,
                  backendName,
                  new InetSocketAddress(plan.backendAddress(), 0),
                  ca.issue(backendName))
              .start());
      clusters.put(
          region,
          new Cluster(
              plan,
              workDir.resolve("clusters"),
              image,
              config.standIn(),
              client ->
                  new RegionalEdgeOperator(
                      client,
                      OperatorSettings.embedded(region)
                          .withAdminPort(-1)
                          .withMaxReconcileInterval(config.maxReconcileInterval())
                          // as deployed: the Lease in the operator's namespace, renewed under the
                          // deployed RBAC
                          .withLeaderElection(
                              "regionaledge-operator",
                              Cluster.OPERATOR_NAMESPACE,
                              "operator-" + region),
                      dnsSync())));
    }
  }

  /** Starts the simulator, backends and clusters, and each cluster's operator. */
  public static World start(Config config) {
    World world = null;
    try {
      world = new World(config);
      // clusters start in parallel: most of it is waiting on informers and API round trips
      List<java.util.concurrent.CompletableFuture<Void>> starting = new ArrayList<>();
      for (Cluster cluster : world.clusters.values()) {
        starting.add(
            java.util.concurrent.CompletableFuture.runAsync(
                () -> {
                  cluster.start();
                  cluster.startOperator();
                }));
      }
      for (var future : starting) {
        try {
          future.get(120, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r
              ? r
              : new IllegalStateException(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException("clusters did not start within 120 s", e);
        }
      }
      LOG.info(
          "world up in {}: Route53 simulator {}, zone {} ({}), regions {}",
          world.workDir,
          world.route53.endpoint(),
          ZONE,
          world.zoneId,
          config.regions());
      return world;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (world != null) {
        world.close();
      }
      throw e;
    }
  }

  /**
   * A fresh DnsSync, as a newly started operator process builds one: Route53 via the SDK, at the
   * simulator.
   */
  DnsSync dnsSync() {
    Route53Options options =
        Route53Options.of(route53.endpoint(), 10, 50, 0.5, 50, Duration.ofSeconds(30))
            .limits(Route53Limits.route53().timesFaster(ROUTE53_TIME))
            .allowNonPublic("127.0.0.0/8")
            .maxAttempts(3);
    RequestBudget budget = options.budget();
    SdkRoute53Api api =
        new SdkRoute53Api(
            options.client(
                budget,
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDE2EWORLD", "e2e-world-secret"))));
    return new Route53DnsSync(
            api,
            new ZoneCache(api, Duration.ofSeconds(30), Duration.ofSeconds(30)),
            new Route53DnsSync.Settings(
                Duration.ofMillis(300),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2)),
            budget,
            options.addresses())
        // an adopted tree's old names wait for caches as the world's clients keep answers: TTL x
        // ttlScale
        .withAdoptionTimeScale(config.ttlScale());
  }

  /**
   * The world's standard resource for a hostname: every region with its backend (name for Host, SNI
   * and verification; loopback address to connect to), two replicas, HostPort exposure on {@code
   * port}, fast health checks and a short drain so scenarios stay quick.
   */
  public RegionalEdge edge(String name, String hostname, int port) {
    RegionalEdgeSpec spec = new RegionalEdgeSpec();
    spec.setHostname(hostname);
    spec.setTlsSecretName(name + "-tls");
    DnsSpec dns = new DnsSpec();
    dns.setHostedZoneName(ZONE);
    dns.setTtl(60);
    HealthCheckSpec health = new HealthCheckSpec();
    health.setRequestInterval(10);
    health.setFailureThreshold(2);
    dns.setHealthCheck(health);
    spec.setDns(dns);
    List<RegionSpec> regions = new ArrayList<>();
    for (Cluster cluster : clusters.values()) {
      RegionSpec region = new RegionSpec();
      region.setName(cluster.region());
      BackendSpec backend = new BackendSpec();
      backend.setHost(backends.get(cluster.region()).hostname());
      backend.setPort(443);
      backend.setAddress(backends.get(cluster.region()).hostPort());
      region.setBackend(backend);
      region.setReplicas(2);
      regions.add(region);
    }
    spec.setRegions(regions);
    ExposureSpec exposure = new ExposureSpec();
    exposure.setType(ExposureSpec.Type.HostPort);
    exposure.setPort(port);
    spec.setExposure(exposure);
    ProxySpec proxy = new ProxySpec();
    proxy.setDrainGracePeriod("4s");
    proxy.setConnectTimeout("2s");
    proxy.setResponseTimeout("5s");
    spec.setProxy(proxy);
    RegionalEdge edge = new RegionalEdge();
    edge.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
    edge.setSpec(spec);
    return edge;
  }

  /** The TLS Secret for hostname in every cluster, as a user creates it with kubectl. */
  public void createTlsSecrets(String namespace, String secretName, String hostname) {
    var leaf = ca.issue(hostname);
    clusters.values().forEach(c -> c.createTlsSecret(namespace, secretName, leaf));
  }

  public void applyEverywhere(RegionalEdge edge) {
    clusters.values().forEach(c -> c.apply(edge));
  }

  public RegionClient client(String region, String hostname, int port) {
    return new RegionClient(
        region,
        route53,
        hostname,
        port,
        ca.clientContext(),
        Duration.ofSeconds(3),
        config.ttlScale());
  }

  public ZoneSnapshot zone() {
    return route53.snapshot(zoneId);
  }

  public Cluster cluster(String region) {
    Cluster c = clusters.get(region);
    if (c == null) {
      throw new IllegalArgumentException(
          "no region " + region + " in this world " + clusters.keySet());
    }
    return c;
  }

  public List<Cluster> clusters() {
    return List.copyOf(clusters.values());
  }

  public ApiGatewayBackend backend(String region) {
    return backends.get(region);
  }

  public Route53Simulator route53() {
    return route53;
  }

  public String zoneId() {
    return zoneId;
  }

  public TestCa ca() {
    return ca;
  }

  public Path caFile() {
    return caFile;
  }

  public Path workDir() {
    return workDir;
  }

  public Config config() {
    return config;
  }

  @Override
  public void close() {
    for (Cluster cluster : clusters.values()) {
      try {
        cluster.close();
      } catch (RuntimeException e) {
        LOG.warn("closing cluster {}: {}", cluster.region(), e.toString());
      }
    }
    backends.values().forEach(ApiGatewayBackend::close);
    route53.close();
    // a temp world leaves nothing behind unless asked to keep the pods' logs
    if (temporary && !Boolean.getBoolean("regionaledge.keepWorld")) {
      deleteTree(workDir);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("could not delete {}: {}", dir, e.toString());
    }
  }
}
