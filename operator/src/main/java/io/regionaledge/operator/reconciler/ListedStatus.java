package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionalEdgeStatus;
import io.regionaledge.operator.dns.DnsSyncResult;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The status of a region that runs here, from what was observed, validated and synced: a pure
 * function, so the reconciler's steps stay observe, validate, reconcile, then this.
 */
final class ListedStatus {
  /** What the reconcile found and did, the inputs of the status. */
  record Observed(
      String region,
      Long generation,
      RegionalEdgeStatus before,
      List<InstanceStatus> instances,
      int desired,
      Optional<SpecProblem> problem,
      Optional<RolloutProblem> rollout,
      DnsSyncResult dns) {}

  private ListedStatus() {}

  static RegionalEdgeStatus build(Observed o, Clock clock) {
    int ready = (int) o.instances().stream().filter(i -> Boolean.TRUE.equals(i.getReady())).count();
    RegionalEdgeStatus status = new RegionalEdgeStatus();
    status.setInstances(o.instances());
    String checkers =
        o.instances().stream()
            .map(InstanceStatus::getCheckersHealthy)
            .filter(c -> c != null)
            .collect(java.util.stream.Collectors.joining(","));
    status.setCheckers(checkers.isEmpty() ? null : checkers);
    status.setDesiredReplicas(o.desired());
    status.setReadyReplicas(ready);
    status.setReady(ready + "/" + o.desired());
    status.setDns(o.dns().reason());
    status.setDnsRecords(
        o.dns().details() != null ? o.dns().details() : o.before().getDnsRecords());

    String counts = ready + "/" + o.desired() + " proxy pods ready in " + o.region();
    // Ready pods on nodes without a public address serve nobody: DNS cannot point at them.
    boolean proxiesReady =
        ready >= o.desired()
            && o.rollout().map(r -> !r.reason().equals("NoExternalIP")).orElse(true);
    Conditions c = new Conditions(o.before().getConditions(), o.generation(), clock);
    if (o.problem().isPresent()) {
      c.set(
          StatusConditions.PROXIES_READY,
          "False",
          o.problem().get().reason(),
          o.problem().get().message());
    } else if (!proxiesReady && o.rollout().isPresent()) {
      c.set(
          StatusConditions.PROXIES_READY,
          "False",
          o.rollout().get().reason(),
          counts + ": " + o.rollout().get().message());
    } else {
      c.set(
          StatusConditions.PROXIES_READY,
          proxiesReady ? "True" : "False",
          proxiesReady ? "AllReady" : "NotReady",
          counts);
    }
    c.set(StatusConditions.DNS_SYNCED, o.dns().status(), o.dns().reason(), o.dns().message());
    if (o.problem().isPresent()) {
      c.set(
          StatusConditions.READY, "False", o.problem().get().reason(), o.problem().get().message());
    } else if (!proxiesReady) {
      c.set(
          StatusConditions.READY,
          "False",
          "ProxiesNotReady",
          counts + o.rollout().map(r -> ": " + r.message()).orElse(""));
    } else if ("False".equals(o.dns().status())) {
      c.set(StatusConditions.READY, "False", "DnsNotSynced", o.dns().message());
    } else {
      c.set(StatusConditions.READY, "True", "Ready", counts + "; DNS " + o.dns().reason());
    }
    status.setConditions(c.list);
    return status;
  }

  /** The condition list being built, each change stamped as StatusConditions does. */
  private static final class Conditions {
    private List<Condition> list;
    private final Long generation;
    private final Clock clock;

    Conditions(List<Condition> initial, Long generation, Clock clock) {
      this.list = initial;
      this.generation = generation;
      this.clock = clock;
    }

    void set(String type, String status, String reason, String message) {
      list = StatusConditions.set(list, type, status, reason, message, generation, clock);
    }
  }
}
