package io.regionaledge.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdgeStatus;
import io.regionaledge.operator.dns.DnsSyncResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListedStatusTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
  private final List<InstanceStatus> twoReady =
      List.of(
          new InstanceStatus("p1", "n1", "203.0.113.1", true),
          new InstanceStatus("p2", "n2", "203.0.113.2", true));
  private final DnsSyncResult synced = new DnsSyncResult("True", "Synced", "in sync", null, null);

  private static String reason(RegionalEdgeStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(Condition::getReason)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void readyProxiesAndSyncedDnsMakeTheResourceReady() {
    RegionalEdgeStatus status =
        ListedStatus.build(
            new ListedStatus.Observed(
                "us-east-1",
                1L,
                new RegionalEdgeStatus(),
                twoReady,
                2,
                Optional.empty(),
                Optional.empty(),
                synced),
            clock);

    assertThat(status.getReady()).isEqualTo("2/2");
    assertThat(reason(status, "Ready")).isEqualTo("Ready");
    assertThat(reason(status, "ProxiesReady")).isEqualTo("AllReady");
  }

  @Test
  void aSpecProblemIsTheReasonOfProxiesReadyAndReady() {
    RegionalEdgeStatus status =
        ListedStatus.build(
            new ListedStatus.Observed(
                "us-east-1",
                1L,
                new RegionalEdgeStatus(),
                twoReady,
                2,
                Optional.of(new SpecProblem("TlsSecretMissing", "no secret")),
                Optional.empty(),
                synced),
            clock);

    assertThat(reason(status, "Ready")).isEqualTo("TlsSecretMissing");
    assertThat(reason(status, "ProxiesReady")).isEqualTo("TlsSecretMissing");
  }

  @Test
  void readyPodsOnNodesWithoutAnExternalIpAreNotReadyProxies() {
    RegionalEdgeStatus status =
        ListedStatus.build(
            new ListedStatus.Observed(
                "us-east-1",
                1L,
                new RegionalEdgeStatus(),
                twoReady,
                2,
                Optional.empty(),
                Optional.of(new RolloutProblem("NoExternalIP", "node n1 has none")),
                synced),
            clock);

    assertThat(reason(status, "ProxiesReady")).isEqualTo("NoExternalIP");
    assertThat(reason(status, "Ready")).isEqualTo("ProxiesNotReady");
  }
}
