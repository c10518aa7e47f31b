package io.regionaledge.operator.dns;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;

/**
 * The operator's Route53 flags; add to Main as a picocli {@code @Mixin} and call {@link #build()}.
 * Credentials come from the SDK's default chain (IRSA in a cluster). The endpoint is Route53's
 * unless {@code --route53-endpoint} or the SDK's own {@code AWS_ENDPOINT_URL_ROUTE_53} says
 * otherwise.
 */
public class Route53Options {
  /**
   * The rate and burst flags default to {@link Route53Limits#route53()}, set in the constructor
   * (picocli shows them).
   */
  static final int DEFAULT_MAX_ATTEMPTS = 6;

  static final String DEFAULT_RESYNC = "5m";
  static final String DEFAULT_BATCH_WINDOW = "100ms";
  static final String DEFAULT_CHECKER_REFRESH = "1m";
  static final String DEFAULT_QUOTA_REFRESH = "5m";

  @Option(names = "--no-dns", description = "Do not manage Route53 (DnsSynced stays Unknown).")
  boolean disabled;

  @Option(
      names = "--route53-endpoint",
      description =
          "Route53 endpoint override, e.g. a simulator (default: AWS, or AWS_ENDPOINT_URL_ROUTE_53).")
  URI endpoint;

  @Option(
      names = "--route53-rate",
      description =
          "Route53 requests per second of the whole AWS account (Route53's account bucket: 10/s, burst 50). This operator takes its share of it (--route53-share). Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(
      names = "--route53-burst",
      description = "Route53 request burst of the whole account. Default: ${DEFAULT-VALUE}.")
  int burst;

  @Option(
      names = "--route53-healthcheck-rate",
      description =
          "CreateHealthCheck requests per second of the whole account (Route53's CreateHealthCheck bucket: 0.5/s, burst 50), on top of --route53-rate. Default: ${DEFAULT-VALUE}.")
  double healthCheckRate;

  @Option(
      names = "--route53-healthcheck-burst",
      description = "CreateHealthCheck burst of the whole account. Default: ${DEFAULT-VALUE}.")
  int healthCheckBurst;

  @Option(
      names = "--route53-share",
      defaultValue = "0",
      description =
          "How many operators share the AWS account's Route53 buckets; this one takes 1/N of each. 0: the number of regions of the largest RegionalEdge this operator manages (one operator per region). Default: ${DEFAULT-VALUE}.")
  int share;

  @Option(
      names = "--route53-allow-nonpublic",
      split = ",",
      description =
          "Test worlds only: CIDRs of private or loopback instance addresses to publish and health-check anyway (Route53 refuses them; by default such instances are skipped).")
  java.util.List<String> allowNonPublic = new java.util.ArrayList<>();

  @Option(
      names = "--route53-max-attempts",
      defaultValue = "" + DEFAULT_MAX_ATTEMPTS,
      description =
          "Attempts per Route53 request on Throttling, PriorRequestNotComplete and 5xx (jittered backoff). Default: ${DEFAULT-VALUE}.")
  int maxAttempts;

  @Option(
      names = "--route53-batch-window",
      defaultValue = DEFAULT_BATCH_WINDOW,
      converter = DurationConverter.class,
      description =
          "How long the first record change for a hosted zone waits for other resources' changes, so they share one ChangeResourceRecordSets batch (changes arriving while a batch is in flight always share the next). Default: ${DEFAULT-VALUE}.")
  Duration batchWindow;

  @Option(
      names = "--dry-run",
      description =
          "Observe and plan, report the plan in status and events, write nothing to Route53 (a migration's safe first step).")
  boolean dryRun;

  @Option(
      names = "--route53-checker-refresh",
      defaultValue = DEFAULT_CHECKER_REFRESH,
      converter = DurationConverter.class,
      description =
          "Longest Route53's checker view of one health check (GetHealthCheckStatus, shown per instance in status) is reused; reads are also paced at this operator's share of that action's 1/s bucket. Default: ${DEFAULT-VALUE}.")
  Duration checkerRefresh;

  @Option(
      names = "--route53-quota-refresh",
      defaultValue = DEFAULT_QUOTA_REFRESH,
      converter = DurationConverter.class,
      description =
          "Longest the account's health-check count and quota (GetAccountLimit) are reused. Default: ${DEFAULT-VALUE}.")
  Duration quotaRefresh;

  @Option(
      names = "--route53-endpoint-prices",
      defaultValue = "aws",
      description =
          "Which Route53 health-check prices the cost estimate in status uses: aws (instances on EC2, the lower prices) or other (clusters outside AWS). Default: ${DEFAULT-VALUE}.")
  EndpointPrices endpointPrices;

  /** Route53 prices health checks of AWS resources (EC2, ELB addresses) lower than others. */
  public enum EndpointPrices {
    aws,
    other
  }

  @Option(
      names = "--dns-resync",
      defaultValue = DEFAULT_RESYNC,
      converter = DurationConverter.class,
      description =
          "Longest a hosted zone's record listing is reused before listing it again. Default: ${DEFAULT-VALUE}.")
  Duration resync;

  private RequestBudget built;
  private Route53Watch watch;
  private Route53Limits limits = Route53Limits.route53();

  public Route53Options() {
    limits(Route53Limits.route53());
    maxAttempts = DEFAULT_MAX_ATTEMPTS;
    resync = new DurationConverter().convert(DEFAULT_RESYNC);
    batchWindow = new DurationConverter().convert(DEFAULT_BATCH_WINDOW);
    checkerRefresh = new DurationConverter().convert(DEFAULT_CHECKER_REFRESH);
    quotaRefresh = new DurationConverter().convert(DEFAULT_QUOTA_REFRESH);
    endpointPrices = EndpointPrices.aws;
  }

  /** How long checker views and the quota figures are reused (tests shorten them). */
  public Route53Options refresh(Duration checkers, Duration quota) {
    this.checkerRefresh = checkers;
    this.quotaRefresh = quota;
    return this;
  }

  public Route53Options endpointPrices(EndpointPrices p) {
    this.endpointPrices = p;
    return this;
  }

  /** For code that configures Route53 without a command line (the e2e world, the benchmark). */
  public static Route53Options of(
      URI endpoint,
      double rate,
      int burst,
      double healthCheckRate,
      int healthCheckBurst,
      Duration resync) {
    Route53Options o = new Route53Options();
    o.endpoint = endpoint;
    o.rate = rate;
    o.burst = burst;
    o.healthCheckRate = healthCheckRate;
    o.healthCheckBurst = healthCheckBurst;
    o.resync = resync;
    return o;
  }

  /** These options with Route53 at another endpoint (a simulator). */
  public Route53Options endpoint(URI uri) {
    this.endpoint = uri;
    return this;
  }

  /**
   * Route53's buckets scaled, for tests that run faster than real time (default {@link
   * Route53Limits#route53()}).
   */
  public Route53Options limits(Route53Limits l) {
    this.limits = l;
    this.rate = l.account().refillPerSecond();
    this.burst = (int) l.account().capacity();
    Route53Limits.Bucket hc = l.actions().get("CreateHealthCheck");
    this.healthCheckRate = hc.refillPerSecond();
    this.healthCheckBurst = (int) hc.capacity();
    return this;
  }

  /** A fixed number of operators sharing the account (0: by regions, see --route53-share). */
  public Route53Options share(int n) {
    this.share = n;
    return this;
  }

  /** Test worlds only: publish and check instances in these private or loopback CIDRs anyway. */
  public Route53Options allowNonPublic(String... cidrs) {
    this.allowNonPublic = new java.util.ArrayList<>(java.util.List.of(cidrs));
    return this;
  }

  /** How long a zone's first change waits for others to share its batch. */
  public Route53Options batchWindow(Duration window) {
    this.batchWindow = window;
    return this;
  }

  /** Plan and report, write nothing. */
  public Route53Options dryRun(boolean on) {
    this.dryRun = on;
    return this;
  }

  public Route53Options maxAttempts(int n) {
    this.maxAttempts = n;
    return this;
  }

  public boolean disabled() {
    return disabled;
  }

  public Duration resync() {
    return resync;
  }

  /** The request budget every client built from these options shares. */
  public RequestBudget budget() {
    Duration wait = Duration.ofMinutes(2);
    Route53Limits l =
        limits.with(
            new Route53Limits.Bucket(burst, rate),
            new Route53Limits.Bucket(healthCheckBurst, healthCheckRate));
    return new RequestBudget(l, wait, share);
  }

  public Route53Client client(RequestBudget budget, AwsCredentialsProvider credentials) {
    Route53ClientBuilder b =
        Route53Client.builder()
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(credentials)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(30)))
            .overrideConfiguration(
                c ->
                    c.retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(maxAttempts)
                                .backoffStrategy(
                                    BackoffStrategy.exponentialDelay(
                                        Duration.ofMillis(100), Duration.ofSeconds(5)))
                                .throttlingBackoffStrategy(
                                    BackoffStrategy.exponentialDelay(
                                        Duration.ofMillis(500), Duration.ofSeconds(10)))
                                .build())
                        .addExecutionInterceptor(budget)
                        .addExecutionInterceptor(budget.metrics())
                        .addMetricPublisher(budget.metrics()));
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b.build();
  }

  /** The DnsSync for the operator: Route53 through the default credential chain, or disabled. */
  public DnsSync build() {
    if (disabled) {
      return DnsSync.DISABLED;
    }
    built = budget();
    Route53DnsSync sync = build(DefaultCredentialsProvider.builder().build(), built);
    watch = sync.watch().start();
    return sync;
  }

  /**
   * The watch of the DnsSync {@link #build()} made (null before, or with --no-dns): bind it to
   * /metrics.
   */
  public Route53Watch watch() {
    return watch;
  }

  /**
   * The budget of the DnsSync {@link #build()} made (null before, or with --no-dns): bind it to
   * /metrics.
   */
  public RequestBudget requestBudget() {
    return built;
  }

  public Route53DnsSync build(AwsCredentialsProvider credentials, RequestBudget budget) {
    Route53Api api = new SdkRoute53Api(client(budget, credentials));
    return new Route53DnsSync(
            api,
            new ZoneCache(api, resync, Duration.ofSeconds(60)),
            Route53DnsSync.Settings.defaults().withBatchWindow(batchWindow),
            budget,
            addresses(),
            dryRun)
        .withWatch(
            new Route53Watch(
                api,
                budget,
                java.time.Clock.systemUTC(),
                checkerRefresh,
                quotaRefresh,
                endpointPrices == EndpointPrices.aws));
  }

  /**
   * Which instance addresses are published: Route53's public ones, plus --route53-allow-nonpublic.
   */
  public PublicAddresses addresses() {
    return allowNonPublic.isEmpty()
        ? PublicAddresses.route53()
        : PublicAddresses.allowing(allowNonPublic);
  }

  /** 500ms, 30s, 5m, 1h, or ISO-8601 (PT5M). */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String v) {
      String s = v.trim().toLowerCase(Locale.ROOT);
      if (s.startsWith("pt")) return Duration.parse(v);
      try {
        if (s.endsWith("ms"))
          return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        if (s.endsWith("s"))
          return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
        if (s.endsWith("m"))
          return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        if (s.endsWith("h"))
          return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
      throw new IllegalArgumentException("not a duration: '" + v + "' (use 500ms, 30s, 5m, 1h)");
    }
  }
}
