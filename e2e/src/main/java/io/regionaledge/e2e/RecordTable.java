package io.regionaledge.e2e;

import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.RecordSet;
import io.regionaledge.testkit.route53.ZoneSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Plain-text tables for people: the zone's records, and kubectl-style status lines. */
public final class RecordTable {
  private RecordTable() {}

  public static String render(ZoneSnapshot zone) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"NAME", "TYPE", "SET-ID", "ROUTING", "TTL", "VALUE / ALIAS", "HEALTH CHECK"});
    for (RecordSet r : zone.userRecords()) {
      String routing =
          switch (r.routing()) {
            case "weighted" -> "weight " + r.weight();
            case "latency" -> "latency " + r.region();
            default -> "simple";
          };
      String value =
          r.isAlias()
              ? "alias " + r.alias().dnsName() + (r.alias().evaluateTargetHealth() ? " (eval)" : "")
              : String.join(",", r.values());
      rows.add(
          new String[] {
            r.name(),
            r.type(),
            r.setIdentifier() == null ? "-" : r.setIdentifier(),
            routing,
            r.ttl() == null ? "-" : String.valueOf(r.ttl()),
            abbreviate(value, 70),
            r.healthCheckId() == null ? "-" : r.healthCheckId()
          });
    }
    return table(rows);
  }

  /** As {@code kubectl get regionaledges}: NAME HOSTNAME REGION READY DNS AGE. */
  public static String kubectlGet(List<RegionalEdge> edges) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "HOSTNAME", "REGION", "READY", "DNS", "AGE"});
    for (RegionalEdge e : edges) {
      var s = e.getStatus();
      rows.add(
          new String[] {
            e.getMetadata().getName(),
            e.getSpec().getHostname(),
            s == null || s.getRegion() == null ? "" : s.getRegion(),
            s == null || s.getReady() == null ? "" : s.getReady(),
            s == null || s.getDns() == null ? "" : s.getDns(),
            age(e.getMetadata().getCreationTimestamp())
          });
    }
    return table(rows);
  }

  private static String age(String timestamp) {
    if (timestamp == null) {
      return "";
    }
    long seconds = Duration.between(Instant.parse(timestamp), Instant.now()).getSeconds();
    return seconds < 120 ? seconds + "s" : (seconds / 60) + "m";
  }

  static String table(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        out.append(i == columns - 1 ? row[i] : String.format("%-" + (widths[i] + 3) + "s", row[i]));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
