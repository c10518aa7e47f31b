package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class Route53PricesTest {
  @Test
  void theExampleResourceCostsTenDollarsAMonthOnAwsAtTheFastInterval() {
    // deploy/examples/fast.yaml: 2 regions x 2 replicas, requestInterval 10
    BigDecimal four = Route53Prices.healthCheckMonthly(10, true).multiply(BigDecimal.valueOf(4));
    assertThat(four).isEqualByComparingTo("10.00");
  }

  @Test
  void aNonAwsEndpointAtTheDefaultIntervalPaysBaseAndHttpsOnly() {
    assertThat(Route53Prices.healthCheckMonthly(30, false)).isEqualByComparingTo("2.75");
  }

  @Test
  void tenMillionLatencyQueriesCostSixDollars() {
    assertThat(Route53Prices.latencyQueriesMonthly(10_000_000)).isEqualByComparingTo("6.00");
  }
}
