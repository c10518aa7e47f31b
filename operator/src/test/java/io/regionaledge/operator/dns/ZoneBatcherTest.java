package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;

class ZoneBatcherTest {
  final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /**
   * Route53 as far as batches go: refuses a batch holding a record named bad*, holds the first
   * batch until told.
   */
  static final class Zone extends FakeRoute53Api {
    final List<List<Change>> accepted = Collections.synchronizedList(new ArrayList<>());
    final List<List<Change>> sent = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstBatchSent = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public ChangeStatus changeRecords(String zoneId, List<Change> batch, String comment) {
      sent.add(batch);
      firstBatchSent.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (batch.stream().anyMatch(c -> c.record().name().startsWith("bad"))) {
        throw InvalidChangeBatchException.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("InvalidChangeBatch")
                    .errorMessage(
                        "[Tried to create resource record set [name='bad.example.com.', "
                            + "type='A'] but it already exists]")
                    .build())
            .statusCode(400)
            .build();
      }
      accepted.add(batch);
      return new ChangeStatus("C" + accepted.size(), "PENDING");
    }
  }

  static List<Change> plan(String name) {
    return List.of(Change.create(Rrset.simple(name, "A", 60, "192.0.2.1")));
  }

  ZoneBatcher batcher(Zone zone) {
    return new ZoneBatcher(
        zone,
        new ZoneCache(zone, Duration.ofMinutes(5), Duration.ofSeconds(5)),
        Duration.ZERO,
        Duration.ofSeconds(10));
  }

  @Test
  void plansQueuedWhileABatchIsInFlightGoOutTogetherInTheNextBatchAndShareItsChange()
      throws Exception {
    Zone zone = new Zone();
    ZoneBatcher b = batcher(zone);
    Future<Route53Api.ChangeStatus> first =
        pool.submit(() -> b.write("Z1", "first", plan("a0.example.com")));
    assertThat(zone.firstBatchSent.await(5, TimeUnit.SECONDS)).isTrue();
    List<Future<Route53Api.ChangeStatus>> queued = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String name = "a" + i + ".example.com";
      queued.add(pool.submit(() -> b.write("Z1", name, plan(name))));
    }
    awaitQueued(zone, b, 5);
    zone.release.countDown();

    assertThat(first.get(5, TimeUnit.SECONDS).id()).isEqualTo("C1");
    for (var f : queued) {
      assertThat(f.get(5, TimeUnit.SECONDS).id())
          .as("one batch, one change for all five")
          .isEqualTo("C2");
    }
    assertThat(zone.accepted).hasSize(2);
    assertThat(zone.accepted.get(1)).hasSize(5);
  }

  @Test
  void aRefusedBatchIsSplitUntilOnlyTheBadPlanFailsWithRoute53sMessage() throws Exception {
    Zone zone = new Zone();
    ZoneBatcher b = batcher(zone);
    Future<Route53Api.ChangeStatus> first =
        pool.submit(() -> b.write("Z1", "first", plan("a0.example.com")));
    assertThat(zone.firstBatchSent.await(5, TimeUnit.SECONDS)).isTrue();
    List<Future<Route53Api.ChangeStatus>> good = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String name = "a" + i + ".example.com";
      good.add(pool.submit(() -> b.write("Z1", name, plan(name))));
    }
    Future<Route53Api.ChangeStatus> bad =
        pool.submit(() -> b.write("Z1", "bad", plan("bad.example.com")));
    for (int i = 4; i <= 6; i++) {
      String name = "a" + i + ".example.com";
      good.add(pool.submit(() -> b.write("Z1", name, plan(name))));
    }
    awaitQueued(zone, b, 7);
    zone.release.countDown();

    first.get(5, TimeUnit.SECONDS);
    for (var f : good) {
      assertThat(f.get(5, TimeUnit.SECONDS).status()).isEqualTo("PENDING");
    }
    assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(InvalidChangeBatchException.class)
        .hasMessageContaining("bad.example.com")
        .hasMessageContaining("already exists");
    assertThat(zone.accepted.stream().flatMap(List::stream).map(c -> c.record().name()))
        .containsExactlyInAnyOrder(
            "a0.example.com",
            "a1.example.com",
            "a2.example.com",
            "a3.example.com",
            "a4.example.com",
            "a5.example.com",
            "a6.example.com");
  }

  @Test
  void plansThatTogetherExceedRoute53sBatchLimitsGoOutInSeveralBatchesEachPlanWhole()
      throws Exception {
    Zone zone = new Zone();
    zone.release.countDown();
    ZoneBatcher b =
        new ZoneBatcher(
            zone,
            new ZoneCache(zone, Duration.ofMinutes(5), Duration.ofSeconds(5)),
            Duration.ofMillis(300),
            Duration.ofSeconds(10));
    List<Future<Route53Api.ChangeStatus>> all = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // 400 UPSERTs count 800 of the 1,000 ResourceRecord elements a batch may hold
      List<Change> big = new ArrayList<>();
      for (int j = 0; j < 400; j++) {
        big.add(
            Change.upsert(Rrset.simple("r" + i + "-" + j + ".example.com", "A", 60, "192.0.2.1")));
      }
      all.add(pool.submit(() -> b.write("Z1", "big", big)));
    }
    for (var f : all) {
      f.get(10, TimeUnit.SECONDS);
    }
    assertThat(zone.sent).hasSize(3).allSatisfy(batch -> assertThat(batch).hasSize(400));
  }

  /** Waits (bounded) until the batcher holds n plans behind the one in flight. */
  private static void awaitQueued(Zone zone, ZoneBatcher b, int n) throws InterruptedException {
    for (int i = 0; i < 200 && b.queued("Z1") < n; i++) {
      Thread.sleep(10);
    }
    assertThat(b.queued("Z1")).isEqualTo(n);
  }
}
