package io.regionaledge.e2e;

import io.regionaledge.testkit.route53.RecordSet;
import io.regionaledge.testkit.route53.ZoneSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Waiting for the world to reach a state, bounded in time, and reading the record tree. */
public final class Checks {
  private Checks() {}

  /**
   * Polls until the condition holds; returns how long it took, or throws naming what was awaited.
   */
  public static Duration await(
      String what, Duration timeout, Duration poll, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      sleep(poll.toMillis());
    }
  }

  /**
   * Until a client in every region is served by its own region's backend; returns the time taken.
   */
  public static Duration awaitServedLocally(
      World world, String hostname, int port, Duration timeout) {
    Map<String, RegionClient> clients = new LinkedHashMap<>();
    world
        .clusters()
        .forEach(c -> clients.put(c.region(), world.client(c.region(), hostname, port)));
    Map<String, RegionClient.Outcome> last = new LinkedHashMap<>();
    try {
      return await(
          "clients served by their own region",
          timeout,
          Duration.ofMillis(250),
          () -> {
            boolean all = true;
            for (RegionClient client : clients.values()) {
              client.forget();
              RegionClient.Outcome outcome = client.get("/");
              last.put(client.region(), outcome);
              all &= outcome.ok() && client.region().equals(outcome.servedBy());
            }
            return all;
          });
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "; last outcomes: " + last.values());
    }
  }

  /**
   * Until every cluster reports the resource Ready with all replicas, and each region's weighted
   * set has them all.
   */
  public static Duration awaitConverged(
      World world, String namespace, String name, String hostname, Duration timeout) {
    return await(
        name + " converged in every region",
        timeout,
        Duration.ofMillis(200),
        () -> {
          for (Cluster cluster : world.clusters()) {
            io.regionaledge.operator.api.RegionalEdge edge = cluster.get(namespace, name);
            if (edge == null
                || edge.getStatus() == null
                || edge.getStatus().getDesiredReplicas() == null
                || !Conditions.isTrue(edge, "Ready")
                || !edge.getStatus()
                    .getDesiredReplicas()
                    .equals(edge.getStatus().getReadyReplicas())
                || weightedAddresses(world.zone(), cluster.region(), hostname).size()
                    != edge.getStatus().getDesiredReplicas()) {
              return false;
            }
          }
          return true;
        });
  }

  /**
   * Until this client is served by that region (re-resolving as its TTL allows); returns the time
   * taken.
   */
  public static Duration awaitServedBy(RegionClient client, String region, Duration timeout) {
    RegionClient.Outcome[] last = new RegionClient.Outcome[1];
    try {
      return await(
          client.region() + " client served by " + region,
          timeout,
          Duration.ofMillis(100),
          () -> {
            last[0] = client.get("/");
            return last[0].ok() && region.equals(last[0].servedBy());
          });
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "; last outcome: " + last[0]);
    }
  }

  /** The addresses of the members of a region's weighted set proxy-REGION-HOSTNAME. */
  public static List<String> weightedAddresses(ZoneSnapshot zone, String region, String hostname) {
    List<String> addresses = new ArrayList<>();
    for (RecordSet member : zone.at("proxy-" + region + "-" + hostname, "A")) {
      if (member.isAlias()) {
        zone.at(member.alias().dnsName(), "A").forEach(target -> addresses.addAll(target.values()));
      } else {
        addresses.addAll(member.values());
      }
    }
    return addresses;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
