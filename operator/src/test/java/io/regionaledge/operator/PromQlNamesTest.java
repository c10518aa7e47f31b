package io.regionaledge.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void functionsLabelsRangesAndKeywordsAreNotMetricNames() {
    assertThat(
            PromQlNames.of(
                "histogram_quantile(0.99, sum by (le) (rate(a_bucket{class=\"2xx\"}[$__rate_interval])))"
                    + " > bool 0.5 unless on (pod) b_total offset 5m"))
        .containsExactlyInAnyOrder("a_bucket", "b_total");
  }

  @Test
  void aComparisonOfTwoMetricsNamesBoth() {
    assertThat(PromQlNames.of("max by (namespace, name) (x_ready < x_desired) == 0"))
        .containsExactlyInAnyOrder("x_ready", "x_desired");
  }
}
