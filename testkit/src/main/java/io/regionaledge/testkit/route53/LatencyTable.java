package io.regionaledge.testkit.route53;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Round-trip latency in ms between AWS regions, symmetric; decides latency routing. */
public final class LatencyTable {
  private final Map<String, Map<String, Integer>> ms = new TreeMap<>();

  /** Plausible inter-region figures (public AWS latency dashboards, rounded). */
  public static LatencyTable defaults() {
    LatencyTable t = new LatencyTable();
    String[] regions = {
      "us-east-1",
      "us-east-2",
      "us-west-2",
      "eu-west-1",
      "eu-central-1",
      "ap-southeast-1",
      "ap-northeast-1"
    };
    int[][] m = {
      // use1 use2 usw2 euw1 euc1 apse1 apne1
      {2, 12, 65, 70, 90, 215, 150},
      {12, 2, 50, 80, 95, 200, 140},
      {65, 50, 2, 125, 145, 165, 100},
      {70, 80, 125, 2, 25, 170, 210},
      {90, 95, 145, 25, 2, 160, 225},
      {215, 200, 165, 170, 160, 2, 70},
      {150, 140, 100, 210, 225, 70, 2},
    };
    for (int i = 0; i < regions.length; i++) {
      for (int j = 0; j < regions.length; j++) t.set(regions[i], regions[j], m[i][j]);
    }
    return t;
  }

  public static LatencyTable empty() {
    return new LatencyTable();
  }

  /** Sets the latency both ways. */
  public LatencyTable set(String a, String b, int millis) {
    ms.computeIfAbsent(a, k -> new TreeMap<>()).put(b, millis);
    ms.computeIfAbsent(b, k -> new TreeMap<>()).put(a, millis);
    return this;
  }

  public boolean knows(String region) {
    return ms.containsKey(region);
  }

  public Set<String> regions() {
    return new TreeSet<>(ms.keySet());
  }

  /**
   * Latency from a client in {@code from} to region {@code to}; unknown pairs count as farthest.
   */
  public int latency(String from, String to) {
    Map<String, Integer> row = ms.get(from);
    Integer v = row == null ? null : row.get(to);
    return v == null ? Integer.MAX_VALUE : v;
  }
}
