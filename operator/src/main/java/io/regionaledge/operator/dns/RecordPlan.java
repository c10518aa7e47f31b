package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The record side of one round, computed purely once every published slot has its check: the
 * ownership record that describes the new tree (a check no longer bound is listed as retired, so
 * the next round deletes it after this batch has landed) and the changes that get the zone there.
 *
 * @param registry the ownership record after this round (the serial bumped when its facts change)
 * @param records every record this region should hold, the ownership TXT included unless nothing is
 *     left
 * @param plan the changes; empty: converged
 */
public record RecordPlan(Registry registry, List<Rrset> records, DnsPlan plan) {

  /**
   * @param keepEmptyRegistry sync keeps an ownership record even with no instance; cleanup drops it
   *     once no entry and no retired check is left
   */
  public static RecordPlan of(
      Target t,
      Ownership own,
      Registry current,
      HealthCheckPlan.Outcome checks,
      boolean keepEmptyRegistry) {
    return of(t, own, current, checks, keepEmptyRegistry, AdoptionStep.Shape.NONE);
  }

  /**
   * @param adoption how a take-over of a hand-built tree shapes this round ({@link AdoptionStep})
   */
  static RecordPlan of(
      Target t,
      Ownership own,
      Registry current,
      HealthCheckPlan.Outcome checks,
      boolean keepEmptyRegistry,
      AdoptionStep.Shape adoption) {
    DesiredRecords.Desired d = checks.desired();
    Set<String> bound =
        d.slots().stream().map(DesiredRecords.Slot::checkId).collect(Collectors.toSet());
    List<String> retired = new ArrayList<>(checks.stuck());
    current.entries().stream()
        .map(Registry.Entry::checkId)
        .filter(id -> id != null && !bound.contains(id))
        .forEach(retired::add);
    retired.addAll(adoption.retired());
    Registry next =
        current
            .withFacts(
                d.slots().stream()
                    .map(
                        s ->
                            new Registry.Entry(
                                s.n(),
                                s.address(),
                                s.checkId(),
                                s.check().digest(),
                                s.check().fixedDigest()))
                    .toList(),
                retired,
                t.uid())
            .withAdopted(adoption.adopted());
    next = !next.sameFacts(current) || own.registry() == null ? next.nextSerial() : current;
    List<Rrset> records =
        new ArrayList<>(AdoptionBatches.shape(t, DesiredRecords.records(t, d), adoption.cname()));
    if (keepEmptyRegistry || !next.entries().isEmpty() || !next.retired().isEmpty()) {
      records.add(next.toRecord(t.registryName(), t.ttl()));
    }
    return new RecordPlan(next, List.copyOf(records), DnsPlan.diff(own.owned(), records));
  }
}
