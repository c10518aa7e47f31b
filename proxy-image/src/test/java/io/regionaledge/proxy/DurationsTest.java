package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void theContractUnitsParse() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("0s")).isZero();
  }

  @Test
  void anythingElseIsRejectedWithTheValueInTheMessage() {
    for (String bad : new String[] {"5", "five s", "-1s", "1.5s", "", "10 s"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void formattingPrefersSeconds() {
    assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }
}
