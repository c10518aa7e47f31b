package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.regionaledge.operator.api.HealthCheckCost;
import io.regionaledge.operator.api.RegionalEdge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HealthCheckCostsTest {
  static RegionalEdge example() throws IOException {
    Path repo = Path.of("").toAbsolutePath();
    while (!Files.exists(repo.resolve("deploy/examples/fast.yaml"))) {
      repo = repo.getParent();
    }
    return Serialization.unmarshal(
        Files.readString(repo.resolve("deploy/examples/fast.yaml")), RegionalEdge.class);
  }

  @Test
  void theExampleResourcesChecksCostTenDollarsAMonthOnAwsEndpointsFiveOfThemInEachRegion()
      throws IOException {
    HealthCheckCost c = HealthCheckCosts.estimate(example(), 2, true);
    assertThat(c.getHealthChecks()).isEqualTo(2);
    assertThat(c.getMonthly()).isEqualTo("$5.00/mo");
    assertThat(c.getResourceHealthChecks()).isEqualTo(4);
    assertThat(c.getResourceMonthly()).isEqualTo("$10.00/mo");
    assertThat(c.getBasis())
        .startsWith("estimate, prices of " + Route53Prices.AS_OF + ", AWS endpoints")
        .contains("10 s interval");
  }

  @Test
  void outsideAwsTheExampleCostsNineteenDollarsAndTheStandardIntervalLess() throws IOException {
    RegionalEdge e = example();
    assertThat(HealthCheckCosts.estimate(e, 2, false).getResourceMonthly()).isEqualTo("$19.00/mo");
    e.getSpec().getDns().getHealthCheck().setRequestInterval(30);
    assertThat(HealthCheckCosts.estimate(e, 2, true).getResourceMonthly()).isEqualTo("$6.00/mo");
    assertThat(HealthCheckCosts.estimate(e, 2, false).getResourceMonthly()).isEqualTo("$11.00/mo");
  }
}
