package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.route53.model.Route53Exception;

class Route53OptionsTest {
  @Command(name = "operator")
  static class Cmd {
    @Mixin Route53Options route53 = new Route53Options();
  }

  @Test
  void defaultsMatchRoute53sAccountLimit() {
    Cmd c = new Cmd();
    new CommandLine(c).parseArgs();
    assertThat(c.route53.rate).isEqualTo(10);
    assertThat(c.route53.burst).isEqualTo(50);
    assertThat(c.route53.healthCheckRate).isEqualTo(0.5);
    assertThat(c.route53.healthCheckBurst).isEqualTo(50);
    assertThat(c.route53.resync()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.route53.disabled()).isFalse();
  }

  @Test
  void flagsOverrideEndpointRatesAndResync() {
    Cmd c = new Cmd();
    new CommandLine(c)
        .parseArgs(
            "--route53-endpoint",
            "http://127.0.0.1:9999",
            "--route53-rate",
            "2.5",
            "--route53-burst",
            "3",
            "--route53-healthcheck-rate",
            "0.5",
            "--dns-resync",
            "90s");
    assertThat(c.route53.endpoint).isEqualTo(URI.create("http://127.0.0.1:9999"));
    assertThat(c.route53.rate).isEqualTo(2.5);
    assertThat(c.route53.burst).isEqualTo(3);
    assertThat(c.route53.healthCheckRate).isEqualTo(0.5);
    assertThat(c.route53.resync()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void noDnsGivesTheDisabledSync() {
    Cmd c = new Cmd();
    new CommandLine(c).parseArgs("--no-dns");
    assertThat(c.route53.build()).isSameAs(DnsSync.DISABLED);
  }

  @Test
  void aBadDurationIsAClearError() {
    Cmd c = new Cmd();
    assertThatThrownBy(() -> new CommandLine(c).parseArgs("--dns-resync", "soon"))
        .hasMessageContaining("not a duration: 'soon'");
  }

  @Test
  void aBucketThatCannotServeInTimeSaysSoInsteadOfWaiting() {
    TokenBucket b = new TokenBucket(0.001, 1, Duration.ofSeconds(1));
    b.acquire();
    assertThatThrownBy(b::acquire)
        .isInstanceOf(TokenBucket.RateLimitedException.class)
        .hasMessageContaining("budget exhausted");
  }

  static Route53Exception error(int status, String code) {
    return (Route53Exception)
        Route53Exception.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build())
            .build();
  }

  @Test
  void failuresLeftAfterRetriesMapOntoConditionReasons() {
    var d = Duration.ofSeconds(30);
    assertThat(Failure.toResult(error(400, "Throttling"), d, d).reason()).isEqualTo("Throttled");
    assertThat(Failure.toResult(error(400, "PriorRequestNotComplete"), d, d).reason())
        .isEqualTo("Throttled");
    assertThat(Failure.toResult(error(400, "TooManyHealthChecks"), d, d).reason())
        .isEqualTo("QuotaExceeded");
    var invalid = Failure.toResult(error(400, "InvalidChangeBatch"), d, d);
    assertThat(invalid.reason()).isEqualTo("Error");
    assertThat(invalid.message()).contains("InvalidChangeBatch");
    assertThat(Failure.toResult(error(503, "ServiceUnavailable"), d, d).retryAfter()).isEqualTo(d);
    assertThat(Failure.toResult(new TokenBucket.RateLimitedException("x"), d, d).reason())
        .isEqualTo("Throttled");
    var wrapped =
        software.amazon.awssdk.core.exception.SdkClientException.create(
            "interceptor failed", new TokenBucket.RateLimitedException("budget exhausted"));
    assertThat(Failure.toResult(wrapped, d, d).reason())
        .as("our own budget, wrapped by the SDK")
        .isEqualTo("Throttled");
    var unreachable =
        software.amazon.awssdk.core.exception.SdkClientException.create(
            "Unable to execute HTTP request", new java.net.ConnectException("Connection refused"));
    assertThat(Failure.toResult(unreachable, d, d).message())
        .contains("cannot reach Route53")
        .contains("Connection refused");
  }

  @Test
  void requestCountsArePublishedPerActionOnceBound() {
    RequestBudget budget = new Route53Options().budget();
    var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    budget.bindTo(meters);
    var interceptor = (software.amazon.awssdk.core.interceptor.ExecutionInterceptor) budget;
    var attrs = new software.amazon.awssdk.core.interceptor.ExecutionAttributes();
    attrs.putAttribute(
        software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME, "GetChange");
    interceptor.beforeTransmission(null, attrs);
    interceptor.beforeTransmission(null, attrs);
    assertThat(
            meters
                .get("regionaledge.route53.requests")
                .tag("action", "GetChange")
                .functionCounter()
                .count())
        .isEqualTo(2.0);
    assertThat(budget.calls()).containsEntry("GetChange", 2L);
  }

  static software.amazon.awssdk.core.interceptor.Context.BeforeTransmission sending(
      Object request) {
    return (software.amazon.awssdk.core.interceptor.Context.BeforeTransmission)
        java.lang.reflect.Proxy.newProxyInstance(
            Route53OptionsTest.class.getClassLoader(),
            new Class<?>[] {
              software.amazon.awssdk.core.interceptor.Context.BeforeTransmission.class
            },
            (proxy, method, args) -> method.getName().equals("request") ? request : null);
  }

  @Test
  void aChangeBatchTakesOneChangeTokenPerChangeAndTwoPerUpsert() {
    var limits =
        new Route53Limits(
            new Route53Limits.Bucket(50, 10),
            java.util.Map.of(),
            new Route53Limits.Bucket(5, 0.001));
    RequestBudget budget = new RequestBudget(limits, Duration.ofMillis(50), 1);
    var attrs = new software.amazon.awssdk.core.interceptor.ExecutionAttributes();
    attrs.putAttribute(
        software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME,
        "ChangeResourceRecordSets");
    java.util.function.Function<
            software.amazon.awssdk.services.route53.model.ChangeAction[], Object>
        batch =
            actions ->
                software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest
                    .builder()
                    .hostedZoneId("Z1")
                    .changeBatch(
                        b ->
                            b.changes(
                                java.util.Arrays.stream(actions)
                                    .map(
                                        a ->
                                            software.amazon.awssdk.services.route53.model.Change
                                                .builder()
                                                .action(a)
                                                .build())
                                    .toList()))
                    .build();
    var upsert = software.amazon.awssdk.services.route53.model.ChangeAction.UPSERT;
    var create = software.amazon.awssdk.services.route53.model.ChangeAction.CREATE;
    budget.beforeTransmission(
        sending(
            batch.apply(
                new software.amazon.awssdk.services.route53.model.ChangeAction[] {upsert, create})),
        attrs);
    // 3 of 5 tokens spent: two more UPSERTs (4 tokens) cannot be served in time
    assertThatThrownBy(
            () ->
                budget.beforeTransmission(
                    sending(
                        batch.apply(
                            new software.amazon.awssdk.services.route53.model.ChangeAction[] {
                              upsert, upsert
                            })),
                    attrs))
        .isInstanceOf(TokenBucket.RateLimitedException.class);
    budget.beforeTransmission(
        sending(
            batch.apply(
                new software.amazon.awssdk.services.route53.model.ChangeAction[] {create, create})),
        attrs);
  }

  @Test
  void theDefaultsAreRoute53sAccountFiguresAndASharedAccountDividesEveryBucket() {
    RequestBudget budget = new Route53Options().budget();
    assertThat(budget.ratePerSecond()).isEqualTo(10);
    assertThat(budget.ratePerSecond("CreateHealthCheck")).isEqualTo(0.5);
    assertThat(budget.ratePerSecond("DeleteHealthCheck")).isEqualTo(3);
    assertThat(budget.ratePerSecond("GetHealthCheckStatus")).isEqualTo(1);
    budget.shareAmong(2);
    assertThat(budget.ratePerSecond()).isEqualTo(5);
    assertThat(budget.ratePerSecond("CreateHealthCheck")).isEqualTo(0.25);
    RequestBudget fixed = new Route53Options().share(4).budget();
    fixed.shareAmong(2);
    assertThat(fixed.sharedBy()).as("a configured share is kept").isEqualTo(4);
    assertThat(fixed.ratePerSecond()).isEqualTo(2.5);
  }
}
