package io.regionaledge.operator.dns;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * Route53's list prices (USD), in one table with the day they were read. Source: the AWS Price List
 * API as recorded in infracost's golden files ({@code route53_health_check_test/*.golden}, {@code
 * route53_record_test.golden}); optional health-check features ("an additional charge") per the
 * Developer Guide, health-checks-creating-values. Check https://aws.amazon.com/route53/pricing/
 * before treating a figure as a bill: these are estimates.
 */
public final class Route53Prices {
  /** The day the figures below were read. */
  public static final LocalDate AS_OF = LocalDate.of(2026, 8, 7);

  /** Health check on an AWS endpoint, per check-month (first 50 per account have no base fee). */
  public static final BigDecimal AWS_CHECK_BASE = new BigDecimal("0.50");

  /**
   * Each optional feature (HTTPS, string matching, 10 s interval, latency measurement), AWS
   * endpoint.
   */
  public static final BigDecimal AWS_CHECK_FEATURE = new BigDecimal("1.00");

  /** Health check on a non-AWS endpoint, per check-month. */
  public static final BigDecimal OTHER_CHECK_BASE = new BigDecimal("0.75");

  /** Each optional feature on a non-AWS endpoint. */
  public static final BigDecimal OTHER_CHECK_FEATURE = new BigDecimal("2.00");

  /** Latency-routed queries, per million (first billion a month). Alias queries to ELB are free. */
  public static final BigDecimal LATENCY_QUERIES_PER_MILLION = new BigDecimal("0.60");

  /** A hosted zone, per month (first 25 zones). */
  public static final BigDecimal HOSTED_ZONE = new BigDecimal("0.50");

  private Route53Prices() {}

  /**
   * Monthly price of one of the operator's health checks: Type HTTPS always (one feature), plus one
   * for the fast 10 s interval; the operator never uses string matching or MeasureLatency.
   *
   * @param awsEndpoint whether the checked address is an AWS resource (EC2, ELB)
   */
  public static BigDecimal healthCheckMonthly(int requestInterval, boolean awsEndpoint) {
    int features = 1 + (requestInterval == 10 ? 1 : 0);
    BigDecimal base = awsEndpoint ? AWS_CHECK_BASE : OTHER_CHECK_BASE;
    BigDecimal feature = awsEndpoint ? AWS_CHECK_FEATURE : OTHER_CHECK_FEATURE;
    return base.add(feature.multiply(BigDecimal.valueOf(features)));
  }

  /** Monthly price of {@code queries} latency-routed queries a month for the public name. */
  public static BigDecimal latencyQueriesMonthly(long queries) {
    return LATENCY_QUERIES_PER_MILLION
        .multiply(BigDecimal.valueOf(queries))
        .divide(BigDecimal.valueOf(1_000_000), 2, RoundingMode.HALF_UP);
  }
}
