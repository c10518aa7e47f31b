package io.regionaledge.testkit.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.PriorRequestNotCompleteException;
import software.amazon.awssdk.services.route53.model.Route53Exception;

class FaultsAndCountersIT {
  private Route53Simulator sim;
  private Route53Client raw;
  private String zone;

  @BeforeEach
  void start() {
    sim = Route53Simulator.builder().probing(false).seed(7).start();
    raw = Sdk.noRetries(sim);
    zone = sim.createHostedZone("example.com");
  }

  @AfterEach
  void stop() {
    raw.close();
    sim.close();
  }

  private void list() {
    raw.listResourceRecordSets(b -> b.hostedZoneId(zone));
  }

  private void write(String ip) {
    raw.changeResourceRecordSets(
        b ->
            b.hostedZoneId(zone)
                .changeBatch(
                    cb ->
                        cb.changes(
                            c ->
                                c.action(ChangeAction.UPSERT)
                                    .resourceRecordSet(RecordSetsIT.a("www.example.com", ip)))));
  }

  @Test
  void throttlingSurfacesAsTheSdksThrottlingErrorForTheNextRequestsOnly() {
    sim.faults().failNext(2, Fault.THROTTLING);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(this::list)
          .isInstanceOfSatisfying(
              Route53Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                assertThat(e.isThrottlingException()).isTrue();
              });
    }
    list();
    assertThat(sim.faults().injectedCount()).isEqualTo(2);
  }

  @Test
  void faultsAimedAtOneActionLeaveOthersAlone() {
    sim.faults().failNext(1, Fault.PRIOR_REQUEST_NOT_COMPLETE, "ChangeResourceRecordSets");
    list();
    assertThatThrownBy(() -> write("192.0.2.1"))
        .isInstanceOfSatisfying(
            PriorRequestNotCompleteException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PriorRequestNotComplete"));
    write("192.0.2.1");
    assertThat(sim.snapshot(zone).find("www.example.com", "A", null)).isPresent();
  }

  @Test
  void internalFailureIsA500AndSteadyFaultsLastUntilCleared() {
    sim.faults().failAll(Fault.INTERNAL_FAILURE);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(this::list)
          .isInstanceOfSatisfying(
              Route53Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(500);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
              });
    }
    sim.faults().clear();
    list();
  }

  @Test
  void aSteadyFractionFailsSomeButNotAllRequests() {
    sim.faults().failSteadily(Fault.THROTTLING, 0.5, "ListResourceRecordSets");
    int failed = 0;
    for (int i = 0; i < 40; i++) {
      try {
        list();
      } catch (Route53Exception e) {
        failed++;
      }
    }
    assertThat(failed).isBetween(5, 35);
  }

  @Test
  void theSdksRetriesGetThroughAndEveryAttemptIsCounted() {
    try (Route53Client retrying = Sdk.client(sim)) {
      sim.faults().failNext(2, Fault.THROTTLING, "ListResourceRecordSets");
      retrying.listResourceRecordSets(b -> b.hostedZoneId(zone));
    }
    assertThat(sim.counters().count("ListResourceRecordSets")).isEqualTo(3);
  }

  @Test
  void countersCountRequestsByActionAndWrites() {
    list();
    list();
    write("192.0.2.1");
    raw.getHostedZone(b -> b.id(zone));
    assertThat(sim.counters().snapshot())
        .containsEntry("ListResourceRecordSets", 2L)
        .containsEntry("ChangeResourceRecordSets", 1L)
        .containsEntry("GetHostedZone", 1L);
    assertThat(sim.counters().writes()).isEqualTo(1);
    sim.counters().reset();
    list();
    assertThat(sim.counters().writes()).isZero();
    assertThat(sim.counters().total()).isEqualTo(1);
  }

  @Test
  void anAccountRateLimitAnswersThrottlingBeyondItsRate() {
    try (Route53Simulator limited =
            Route53Simulator.builder().probing(false).rateLimit(2, 2).start();
        Route53Client client = Sdk.noRetries(limited)) {
      int ok = 0, throttled = 0;
      long start = System.nanoTime();
      for (int i = 0; i < 30; i++) {
        try {
          client.listHostedZones();
          ok++;
        } catch (Route53Exception e) {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
          throttled++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(ok).isBetween(2, 2 + (int) Math.ceil(2 * seconds) + 1);
      assertThat(throttled).isPositive().isEqualTo((int) limited.rateLimitedCount());
      assertThat(limited.counters().count("ListHostedZones")).isEqualTo(30);
    }
  }

  @Test
  void byDefaultCreateHealthCheckHasItsOwnBucketOfFiftyRefillingAtHalfAPerSecond() {
    // the account bucket (50, 10/s) refills far faster than CreateHealthCheck's (50, 0.5/s)
    int created = 0;
    Route53Exception throttled = null;
    for (int i = 0; i < 60 && throttled == null; i++) {
      String ref = "r" + i;
      try {
        raw.createHealthCheck(
            b ->
                b.callerReference(ref)
                    .healthCheckConfig(
                        c ->
                            c.type("HTTPS")
                                .ipAddress("8.8.8.8")
                                .port(443)
                                .requestInterval(30)
                                .failureThreshold(3)));
        created++;
      } catch (Route53Exception e) {
        throttled = e;
      }
    }
    assertThat(created).isBetween(50, 51);
    assertThat(throttled)
        .isNotNull()
        .extracting(e -> e.awsErrorDetails().errorCode())
        .isEqualTo("Throttling");
    assertThat(throttled.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
    // other actions still have tokens
    list();
    assertThat(sim.rateLimitedCount()).isEqualTo(1);
  }

  @Test
  void theChangeThroughputBucketCountsAnUpsertTwice() {
    try (Route53Simulator limited =
            Route53Simulator.builder()
                .probing(false)
                .throttling(Throttling.route53().changes(10, 0.01))
                .start();
        Route53Client client = Sdk.noRetries(limited)) {
      String z = limited.createHostedZone("example.com");
      java.util.function.BiConsumer<ChangeAction, Integer> batch =
          (action, n) ->
              client.changeResourceRecordSets(
                  b ->
                      b.hostedZoneId(z)
                          .changeBatch(
                              cb ->
                                  cb.changes(
                                      java.util.stream.IntStream.range(0, n)
                                          .mapToObj(
                                              i ->
                                                  software.amazon.awssdk.services.route53.model
                                                      .Change.builder()
                                                      .action(action)
                                                      .resourceRecordSet(
                                                          RecordSetsIT.a(
                                                              "h" + i + ".example.com",
                                                              "192.0.2.1"))
                                                      .build())
                                          .toList())));
      batch.accept(ChangeAction.UPSERT, 3); // 6 of 10 tokens
      assertThatThrownBy(() -> batch.accept(ChangeAction.UPSERT, 3)) // 6 more: only 4 left
          .isInstanceOfSatisfying(
              Route53Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling"));
      batch.accept(ChangeAction.DELETE, 3); // 3 tokens: a DELETE counts once
      assertThat(limited.snapshot(z).userRecords()).isEmpty();
      assertThat(limited.rateLimitedCount()).isEqualTo(1);
    }
  }
}
