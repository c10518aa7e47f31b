package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DnsPlanTest {
  static final Rrset LAT =
      Rrset.latencyAlias("fast.example.com", "us-east-1", "Z1", "proxy-us-east-1-fast.example.com");
  static final Rrset M1 =
      Rrset.weighted("proxy-us-east-1-fast.example.com", "proxy1", 1, 60, "10.0.0.1", "hc1");
  static final Rrset M1_NEW_CHECK =
      Rrset.weighted("proxy-us-east-1-fast.example.com", "proxy1", 1, 60, "10.0.0.1", "hc9");
  static final Rrset M2 =
      Rrset.weighted("proxy-us-east-1-fast.example.com", "proxy2", 1, 60, "10.0.0.2", "hc2");
  static final Rrset I1 = Rrset.simple("proxy1-us-east-1-fast.example.com", "A", 60, "10.0.0.1");
  static final Rrset I1_TTL =
      Rrset.simple("proxy1-us-east-1-fast.example.com", "A", 300, "10.0.0.1");
  static final Rrset SIMPLE_AT_WEIGHTED =
      Rrset.simple("proxy-us-east-1-fast.example.com", "A", 60, "10.0.0.1");

  static final Rrset TO_LB =
      Rrset.alias(
          "proxy-us-east-1-fast.example.com", "Z26RNL4JYFTOTI", "a-1.elb.us-east-1.amazonaws.com");

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("nothing held, nothing wanted", List.of(), List.of(), List.of()),
        Arguments.of(
            "steady state writes nothing", List.of(LAT, M1, I1), List.of(I1, M1, LAT), List.of()),
        Arguments.of(
            "fresh tree: records before the alias that points at them",
            List.of(),
            List.of(LAT, M1, I1),
            List.of("CREATE " + M1, "CREATE " + I1, "CREATE " + LAT)),
        Arguments.of(
            "unready instance leaves the weighted set only",
            List.of(LAT, M1, M2, I1),
            List.of(LAT, M1, I1),
            List.of("DELETE " + M2)),
        Arguments.of(
            "no ready instance: alias deleted before its target",
            List.of(LAT, M1, I1),
            List.of(I1),
            List.of("DELETE " + LAT, "DELETE " + M1)),
        Arguments.of(
            "swapped health check is an upsert of the member",
            List.of(LAT, M1, I1),
            List.of(LAT, M1_NEW_CHECK, I1),
            List.of("UPSERT " + M1_NEW_CHECK)),
        Arguments.of(
            "ttl change is an upsert", List.of(I1), List.of(I1_TTL), List.of("UPSERT " + I1_TTL)),
        Arguments.of(
            "routing change is delete and create in one plan",
            List.of(SIMPLE_AT_WEIGHTED),
            List.of(M1),
            List.of("DELETE " + SIMPLE_AT_WEIGHTED, "CREATE " + M1)),
        Arguments.of(
            "an alias to an alias is created after its target",
            List.of(),
            List.of(LAT, TO_LB),
            List.of("CREATE " + TO_LB, "CREATE " + LAT)),
        Arguments.of(
            "an alias to an alias is deleted before its target",
            List.of(TO_LB, LAT),
            List.of(),
            List.of("DELETE " + LAT, "DELETE " + TO_LB)),
        Arguments.of(
            "hostPort to load balancer: members go before the alias takes their name",
            List.of(LAT, M1, I1),
            List.of(LAT, TO_LB),
            List.of("DELETE " + M1, "DELETE " + I1, "CREATE " + TO_LB)),
        Arguments.of(
            "cleanup deletes alias first",
            List.of(I1, M1, LAT),
            List.of(),
            List.of("DELETE " + LAT, "DELETE " + M1, "DELETE " + I1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void planTurnsWhatIsHeldIntoWhatIsWanted(
      String name, List<Rrset> held, List<Rrset> wanted, List<String> expected) {
    Map<Rrset.Key, Rrset> owned = new LinkedHashMap<>();
    held.forEach(r -> owned.put(r.key(), r));
    assertThat(DnsPlan.diff(owned, wanted).changes())
        .map(Change::toString)
        .containsExactlyElementsOf(expected);
  }

  @Test
  void recordsReturnedByRoute53WithTrailingDotsAndUpperCaseCompareEqual() {
    Rrset fromRoute53 =
        new Rrset(
            "FAST.example.com.",
            "A",
            "us-east-1",
            null,
            "us-east-1",
            null,
            List.of(),
            new Rrset.Alias("Z1", "proxy-us-east-1-fast.example.com.", true),
            null);
    assertThat(DnsPlan.diff(Map.of(fromRoute53.key(), fromRoute53), List.of(LAT)).isEmpty())
        .isTrue();
  }

  @Test
  void twoDesiredRecordsWithOneIdentityAreRejected() {
    assertThatThrownBy(() -> DnsPlan.diff(Map.of(), List.of(M1, M1_NEW_CHECK)))
        .hasMessageContaining("proxy-us-east-1-fast.example.com A [proxy1]");
  }

  @Test
  void batchesStayWithinRecordAndCharacterLimitsInOrder() {
    List<Rrset> many = new java.util.ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      many.add(Rrset.simple("proxy" + i + "-us-east-1-fast.example.com", "A", 60, "10.0.0." + i));
    }
    DnsPlan plan = DnsPlan.diff(Map.of(), many);
    var batches = plan.batches(10, 32000);
    assertThat(batches).hasSize(3).allSatisfy(b -> assertThat(b).hasSize(10));
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(plan.changes());
    var byChars = plan.batches(1000, 100);
    assertThat(byChars)
        .allSatisfy(
            b -> assertThat(b.stream().mapToInt(Change::charCount).sum()).isLessThanOrEqualTo(100));
    assertThat(byChars.stream().mapToInt(List::size).sum()).isEqualTo(30);
  }

  @Test
  void anUpsertCountsTwiceAgainstTheBatchLimit() {
    var plan = DnsPlan.diff(Map.of(I1.key(), I1), List.of(I1_TTL));
    assertThat(plan.changes().get(0).recordCount()).isEqualTo(2);
  }
}
