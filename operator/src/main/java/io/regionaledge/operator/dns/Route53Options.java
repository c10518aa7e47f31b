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
 * unless {@code --route53-endpoint} or the SDK's own {@code AWS_ENDPOINT_URL_ROUTE_53} says otherwise.
 */
public class Route53Options {

  @Option(names = "--no-dns", description = "Do not manage Route53 (DnsSynced stays Unknown).")
  boolean disabled;

  @Option(names = "--route53-endpoint", description = "Route53 endpoint override, e.g. a simulator (default: AWS, or AWS_ENDPOINT_URL_ROUTE_53).")
  URI endpoint;

  @Option(names = "--route53-rate", defaultValue = "10", description = "Route53 requests per second for the whole operator, shared by every resource (the account-wide API limit is about 10/s with bursts of 50; lower it when several operators share one AWS account). Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--route53-burst", defaultValue = "50", description = "Route53 request burst. Default: ${DEFAULT-VALUE}.")
  int burst;

  @Option(names = "--route53-healthcheck-rate", defaultValue = "2", description = "CreateHealthCheck requests per second (on top of --route53-rate). Default: ${DEFAULT-VALUE}.")
  double healthCheckRate;

  @Option(names = "--route53-healthcheck-burst", defaultValue = "5", description = "CreateHealthCheck burst. Default: ${DEFAULT-VALUE}.")
  int healthCheckBurst;

  @Option(names = "--route53-max-attempts", defaultValue = "6", description = "Attempts per Route53 request on Throttling, PriorRequestNotComplete and 5xx (jittered backoff). Default: ${DEFAULT-VALUE}.")
  int maxAttempts;

  @Option(names = "--dns-resync", defaultValue = "5m", converter = DurationConverter.class,
      description = "Longest a hosted zone's record listing is reused before listing it again. Default: ${DEFAULT-VALUE}.")
  Duration resync;

  private RequestBudget built;

  public Route53Options() {
    rate = 10;
    burst = 50;
    healthCheckRate = 2;
    healthCheckBurst = 5;
    maxAttempts = 6;
    resync = Duration.ofMinutes(5);
  }

  /** For code that configures Route53 without a command line (the e2e world, the benchmark). */
  public static Route53Options of(URI endpoint, double rate, int burst, double healthCheckRate, int healthCheckBurst,
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
    return new RequestBudget(new TokenBucket(rate, burst, wait), new TokenBucket(healthCheckRate, healthCheckBurst, wait));
  }

  public Route53Client client(RequestBudget budget, AwsCredentialsProvider credentials) {
    Route53ClientBuilder b = Route53Client.builder()
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(30)))
        .overrideConfiguration(c -> c
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(10)))
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
    return build(DefaultCredentialsProvider.builder().build(), built);
  }

  /** The budget of the DnsSync {@link #build()} made (null before, or with --no-dns): bind it to /metrics. */
  public RequestBudget requestBudget() {
    return built;
  }

  public Route53DnsSync build(AwsCredentialsProvider credentials, RequestBudget budget) {
    Route53Api api = new SdkRoute53Api(client(budget, credentials));
    return new Route53DnsSync(api, new ZoneCache(api, resync, Duration.ofSeconds(60)), Route53DnsSync.Settings.defaults());
  }

  /** 500ms, 30s, 5m, 1h, or ISO-8601 (PT5M). */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String v) {
      String s = v.trim().toLowerCase(Locale.ROOT);
      if (s.startsWith("pt")) return Duration.parse(v);
      try {
        if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
        if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
      throw new IllegalArgumentException("not a duration: '" + v + "' (use 500ms, 30s, 5m, 1h)");
    }
  }
}
