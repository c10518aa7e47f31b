package io.regionaledge.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {
  /**
   * Expected forms from k8s.io/apimachinery pkg/api/resource/quantity_test.go
   * (TestQuantityCanonicalize...).
   */
  @ParameterizedTest(name = "{0} is stored as {1}")
  @CsvSource({
    "0.5, 500m",
    "1000m, 1",
    "2.5, 2500m",
    "100m, 100m",
    "1024Mi, 1Gi",
    "1536Mi, 1536Mi",
    "0.5Gi, 512Mi",
    "128Mi, 128Mi",
    "1Ki, 1Ki",
    "512, 512",
    "1.5Ki, 1536",
    "1000, 1k",
    "1500, 1500",
    "1e3, 1e3",
    "0, 0",
    "0.0001, 100u",
    "1G, 1G",
    "2000M, 2G",
    "0.1m, 100u",
    "1n, 1n"
  })
  void aQuantityIsStoredInItsCanonicalForm(String given, String stored) {
    assertThat(Quantities.canonical(given)).isEqualTo(stored);
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({"1.2.3", "abc", "1Qi", "''"})
  void aMalformedQuantityIsRefused(String given) {
    assertThatThrownBy(() -> Quantities.canonical(given))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quantities must match");
  }
}
