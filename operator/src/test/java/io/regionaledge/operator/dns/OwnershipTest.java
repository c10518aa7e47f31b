package io.regionaledge.operator.dns;

import static io.regionaledge.operator.dns.Edges.edge;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OwnershipTest {
  final Target t =
      Target.of(edge("fast", "fast.example.com", "us-east-1", "eu-west-1"), "us-east-1", "Z1");
  final Rrset ours =
      new Registry(
              "shop/fast",
              "uid-fast",
              "us-east-1",
              1,
              List.of(new Registry.Entry(1, "10.0.0.1", "hc1", "d")),
              List.of())
          .toRecord(t.registryName(), 60);
  final Rrset lat =
      Rrset.latencyAlias("fast.example.com", "us-east-1", "Z1", "proxy-us-east-1-fast.example.com");
  final Rrset otherRegion =
      Rrset.latencyAlias("fast.example.com", "eu-west-1", "Z1", "proxy-eu-west-1-fast.example.com");
  final Rrset member =
      Rrset.weighted("proxy-us-east-1-fast.example.com", "proxy1", 1, 60, "10.0.0.1", "hc1");
  final Rrset inst1 = Rrset.simple("proxy1-us-east-1-fast.example.com", "A", 60, "10.0.0.1");
  final Rrset inst5 = Rrset.simple("proxy5-us-east-1-fast.example.com", "A", 60, "10.0.0.5");
  final Rrset unrelated = Rrset.simple("www.example.com", "A", 60, "10.1.1.1");

  @Test
  void withOurRegistryWeOwnOurRecordsAndLeaveOtherRegionsAlone() {
    var o = Ownership.observe(t, List.of(ours, lat, otherRegion, member, inst1, unrelated));
    assertThat(o.conflicts()).isEmpty();
    assertThat(o.registry().serial()).isEqualTo(1);
    assertThat(o.owned().values()).containsExactlyInAnyOrder(ours, lat, member, inst1);
  }

  @Test
  void recordsAtOurNamesWithoutOurRegistryAreConflicts() {
    var o = Ownership.observe(t, List.of(lat, otherRegion, member, unrelated));
    assertThat(o.registry()).isNull();
    assertThat(o.owned()).isEmpty();
    assertThat(o.conflicts()).containsExactlyInAnyOrder(lat, member);
  }

  @Test
  void anotherResourcesRegistryIsAConflictAndGivesUsNothing() {
    Rrset theirs =
        new Registry("other/fast", "uid-x", "us-east-1", 1, List.of(), List.of())
            .toRecord(t.registryName(), 60);
    var o = Ownership.observe(t, List.of(theirs, member));
    assertThat(o.registry()).isNull();
    assertThat(o.conflicts()).containsExactlyInAnyOrder(theirs, member);
  }

  @Test
  void aSimpleRecordAtThePublicNameBlocksTheLatencySet() {
    Rrset cname = Rrset.simple("fast.example.com", "CNAME", 60, "elsewhere.example.net");
    assertThat(Ownership.observe(t, List.of(cname)).conflicts()).containsExactly(cname);
  }

  @Test
  void instanceNamesWeDoNotHoldInOurRegistryAreForeignSlots() {
    var o = Ownership.observe(t, List.of(ours, inst1, inst5));
    assertThat(o.owned().values()).contains(inst1).doesNotContain(inst5);
    assertThat(o.foreignSlots()).containsExactly(5);
    assertThat(o.conflicts()).isEmpty();
  }
}
