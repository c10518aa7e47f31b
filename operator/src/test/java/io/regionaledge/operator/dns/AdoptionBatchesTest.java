package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.edge;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdoptionBatchesTest {
  static final String HOST = "fast.example.com";
  static final String W = "proxy-us-east-1-" + HOST;
  final Target t = Target.of(edge("fast", HOST, "us-east-1", "eu-west-1"), "us-east-1", "Z1");

  /** What the operator wants for two instances, in the A form. */
  List<Rrset> desiredA() {
    var d =
        new DesiredRecords.Desired(
            List.of(
                new DesiredRecords.Slot(
                    1, "52.0.0.1", "p-a", true, t.check("52.0.0.1"), "hc-new-1"),
                new DesiredRecords.Slot(
                    2, "52.0.0.2", "p-b", true, t.check("52.0.0.2"), "hc-new-2")),
            true,
            null,
            List.of());
    return DesiredRecords.records(t, d);
  }

  @Test
  void theLatencySetIsCnameTypedWhileAnotherRegionHoldsACnameThere() {
    List<Rrset> zone = SeedTree.both(HOST, 300);
    Set<Rrset.Key> ours = Adoption.recognise(t, zone, null, true).keys();

    assertThat(AdoptionBatches.cnameAtTop(t, zone, ours)).isTrue();
    assertThat(
            AdoptionBatches.cnameAtTop(
                t,
                SeedTree.region("us-east-1", HOST, 300, "hc-1"),
                Adoption.recognise(t, SeedTree.region("us-east-1", HOST, 300, "hc-1"), null, true)
                    .keys()))
        .as("alone at the name, our own old CNAME does not count")
        .isFalse();
  }

  @Test
  void theCnameFormIsACnameAliasToWeightedCnamesToTheInstanceRecords() {
    List<Rrset> shaped = AdoptionBatches.shape(t, desiredA(), true);

    assertThat(shaped)
        .filteredOn(r -> r.name().equals(HOST))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.type()).isEqualTo("CNAME");
              assertThat(r.region()).isEqualTo("us-east-1");
              assertThat(r.alias().dnsName()).isEqualTo(W);
              assertThat(r.alias().evaluateTargetHealth()).isTrue();
            });
    assertThat(shaped)
        .filteredOn(r -> r.name().equals(W))
        .extracting(Rrset::type, Rrset::setIdentifier, r -> r.values().get(0), Rrset::healthCheckId)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "CNAME", "proxy1", "proxy1-us-east-1-" + HOST, "hc-new-1"),
            org.assertj.core.groups.Tuple.tuple(
                "CNAME", "proxy2", "proxy2-us-east-1-" + HOST, "hc-new-2"));
    assertThat(shaped)
        .filteredOn(r -> r.name().startsWith("proxy1-"))
        .extracting(Rrset::type)
        .containsExactly("A");
    assertThat(AdoptionBatches.shape(t, desiredA(), false)).isEqualTo(desiredA());
  }

  @Test
  void theSeedsTreeMovesInTwoBatchesEachValidChangeByChange() {
    List<Rrset> zone = SeedTree.both(HOST, 300);
    Adoption.Found f = Adoption.recognise(t, zone, null, true);
    Ownership own = Adoption.takeOver(t, Ownership.observe(t, zone), f);
    List<Rrset> desired = new ArrayList<>(AdoptionBatches.shape(t, desiredA(), true));
    desired.add(
        Registry.empty("shop/fast", "uid-fast", "us-east-1").toRecord(t.registryName(), 60));

    List<List<Change>> batches =
        AdoptionBatches.order(DnsPlan.diff(own.owned(), desired), zone, Set.of(), t);

    assertThat(batches).hasSize(2);
    // first: only the ownership record can join (the new members' TTL differs from the seed's 300)
    assertThat(batches.get(0)).extracting(c -> c.record().name()).containsExactly(t.registryName());
    List<Change> second = batches.get(1);
    int deleteCname1 = indexOf(second, Change.Action.DELETE, "proxy1-us-east-1-" + HOST, "CNAME");
    int createA1 = indexOf(second, Change.Action.CREATE, "proxy1-us-east-1-" + HOST, "A");
    int createMember = indexOf(second, Change.Action.CREATE, W, "CNAME");
    int deleteOldMember = indexOf(second, Change.Action.DELETE, W, "CNAME");
    int top = indexOf(second, null, HOST, "CNAME");
    assertThat(deleteCname1).isLessThan(createA1);
    assertThat(deleteOldMember)
        .as("weighted TTLs differ: old members out first")
        .isLessThan(createMember);
    assertThat(top).as("the alias comes after its target").isGreaterThan(createMember);
    assertThat(sequentiallyValid(zone, batches)).isTrue();
    assertThat(batches.stream().flatMap(List::stream).map(c -> c.record().name()))
        .noneMatch(n -> n.contains("eu-west-1"));
  }

  @Test
  void newMembersJoinTheOldSetFirstWhenTheyShareItsTtlAndType() {
    List<Rrset> zone = SeedTree.both(HOST, 60);
    Adoption.Found f = Adoption.recognise(t, zone, null, true);
    Ownership own = Adoption.takeOver(t, Ownership.observe(t, zone), f);
    List<Rrset> desired = AdoptionBatches.shape(t, desiredA(), true);

    List<List<Change>> batches =
        AdoptionBatches.order(DnsPlan.diff(own.owned(), desired), zone, Set.of(), t);

    assertThat(batches.get(0))
        .extracting(Change::action, c -> c.record().name(), c -> c.record().setIdentifier())
        .contains(org.assertj.core.groups.Tuple.tuple(Change.Action.CREATE, W, "proxy1"));
    assertThat(batches.get(1))
        .extracting(Change::action, c -> c.record().setIdentifier())
        .contains(org.assertj.core.groups.Tuple.tuple(Change.Action.DELETE, "haproxy1"));
    assertThat(sequentiallyValid(zone, batches)).isTrue();
  }

  @Test
  void deletionsThatWaitForCachesAreLeftOut() {
    Rrset old = Rrset.simple("haproxy1.example.com", "A", 60, "52.0.0.9");
    Rrset keep = Rrset.simple("proxy1-us-east-1-" + HOST, "A", 60, "52.0.0.1");
    DnsPlan plan = DnsPlan.diff(Map.of(old.key(), old), List.of(keep));

    assertThat(AdoptionBatches.order(plan, List.of(old), Set.of(old.key()), t))
        .singleElement()
        .satisfies(b -> assertThat(b).containsExactly(Change.create(keep)));
  }

  @Test
  void abandonedRecordsAreThoseAtNamesTheNewTreeDoesNotUseAndReferencesAreFollowed() {
    Rrset oldTop =
        new Rrset(
            HOST,
            "CNAME",
            "Virginia",
            null,
            "us-east-1",
            60L,
            List.of("haproxy.example.com"),
            null,
            null);
    Rrset oldSet = Rrset.weighted("haproxy.example.com", "a", 1, 60, "52.0.0.9", "hc");
    var f = new Adoption.Found(List.of(oldTop, oldSet), Set.of("hc"), List.of());

    assertThat(AdoptionBatches.abandoned(f, desiredA())).containsExactly(oldSet);
    assertThat(AdoptionBatches.referenced(oldSet, List.of(oldTop, oldSet))).isTrue();
    assertThat(AdoptionBatches.referenced(oldSet, List.of(oldSet))).isFalse();
  }

  private static int indexOf(List<Change> batch, Change.Action action, String name, String type) {
    for (int i = 0; i < batch.size(); i++) {
      Change c = batch.get(i);
      if ((action == null || c.action() == action)
          && c.record().name().equals(name)
          && c.record().type().equals(type)) {
        return i;
      }
    }
    throw new AssertionError("no " + action + " " + name + " " + type + " in " + batch);
  }

  /**
   * Applies the batches change by change with the rules {@link AdoptionBatches#fitsBeside} checks.
   */
  private boolean sequentiallyValid(List<Rrset> zone, List<List<Change>> batches) {
    Map<Rrset.Key, Rrset> state = new java.util.LinkedHashMap<>();
    zone.forEach(r -> state.put(r.key(), r));
    for (List<Change> batch : batches) {
      for (Change c : batch) {
        Rrset r = c.record();
        if (c.action() == Change.Action.DELETE) {
          if (!r.equals(state.remove(r.key()))) return false;
        } else {
          Rrset before = c.action() == Change.Action.UPSERT ? state.remove(r.key()) : null;
          if (!AdoptionBatches.fitsBeside(state, r, "Z1")) {
            throw new AssertionError(
                "refused: "
                    + c
                    + " in "
                    + state.values()
                    + (before == null ? "" : " (was " + before + ")"));
          }
          state.put(r.key(), r);
        }
      }
    }
    return true;
  }
}
