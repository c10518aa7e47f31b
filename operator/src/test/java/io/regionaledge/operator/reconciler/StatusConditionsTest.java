package io.regionaledge.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusConditionsTest {
  static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  @Test
  void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
    List<Condition> first =
        StatusConditions.set(
            null, "Ready", "False", "NotReady", "0/2", 1L, at("2026-01-01T00:00:00Z"));
    List<Condition> sameStatus =
        StatusConditions.set(
            first, "Ready", "False", "StillNot", "1/2", 2L, at("2026-01-01T00:05:00Z"));
    assertThat(sameStatus)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
              assertThat(c.getReason()).isEqualTo("StillNot");
              assertThat(c.getObservedGeneration()).isEqualTo(2L);
            });
    List<Condition> flipped =
        StatusConditions.set(
            sameStatus, "Ready", "True", "Ready", "2/2", 2L, at("2026-01-01T00:06:00Z"));
    assertThat(flipped.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:06:00Z");
  }

  @Test
  void otherConditionsAreKeptInPlace() {
    Clock clock = at("2026-01-01T00:00:00Z");
    List<Condition> c = StatusConditions.set(null, "Ready", "False", "A", "m", 1L, clock);
    c = StatusConditions.set(c, "DnsSynced", "Unknown", "B", "m", 1L, clock);
    c = StatusConditions.set(c, "Ready", "True", "C", "m", 1L, clock);
    assertThat(c).extracting(Condition::getType).containsExactly("Ready", "DnsSynced");
  }

  @Test
  void aChangeIsAStatusOrReasonChangeNotAMessageChange() {
    Clock clock = at("2026-01-01T00:00:00Z");
    List<Condition> a = StatusConditions.set(null, "Ready", "False", "NotReady", "0/2", 1L, clock);
    List<Condition> b = StatusConditions.set(a, "Ready", "False", "NotReady", "1/2", 1L, clock);
    List<Condition> c =
        StatusConditions.set(b, "Ready", "False", "TlsSecretMissing", "x", 1L, clock);
    assertThat(StatusConditions.changed(a, b, "Ready")).isFalse();
    assertThat(StatusConditions.changed(b, c, "Ready")).isTrue();
    assertThat(StatusConditions.changed(null, a, "Ready")).isTrue();
  }
}
