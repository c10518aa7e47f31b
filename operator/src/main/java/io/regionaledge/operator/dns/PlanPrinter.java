package io.regionaledge.operator.dns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SyncPlan} for people (text) and scripts (JSON): the desired tree, the conflicts, each
 * round's health-check and record changes, the calls and their time at the rate limits, and the
 * monthly list price of what the plan adds ({@link Route53Prices}, with the day they were read).
 */
public final class PlanPrinter {
  private final SyncPlan plan;
  private final long queriesPerMonth;
  private final String limitsLine;

  /**
   * @param queriesPerMonth latency-routed queries a month to price (0: only the price per million)
   * @param limitsLine the rate limits the duration was computed at, in words
   */
  public PlanPrinter(SyncPlan plan, long queriesPerMonth, String limitsLine) {
    this.plan = plan;
    this.queriesPerMonth = queriesPerMonth;
    this.limitsLine = limitsLine;
  }

  /** Health checks the plan adds (created minus deleted) and their monthly list price each. */
  long checksAdded() {
    return plan.checks(HealthCheckPlan::create) - plan.checks(HealthCheckPlan::delete);
  }

  BigDecimal checkMonthly() {
    // the instances are the nodes' (EC2) or a load balancer's addresses: AWS endpoints
    return Route53Prices.healthCheckMonthly(plan.target().requestInterval(), true);
  }

  BigDecimal queriesMonthly() {
    return addsLatencyRecord()
        ? Route53Prices.latencyQueriesMonthly(queriesPerMonth)
        : BigDecimal.ZERO;
  }

  private boolean addsLatencyRecord() {
    return plan.rounds().stream()
        .flatMap(r -> r.records().changes().stream())
        .anyMatch(c -> c.action() == Change.Action.CREATE && c.record().region() != null);
  }

  public String text() {
    Target t = plan.target();
    StringBuilder s = new StringBuilder();
    s.append("Plan for ")
        .append(t.resource())
        .append(" in ")
        .append(t.region())
        .append(", hosted zone ")
        .append(t.zoneId())
        .append(" (nothing is written)\n\n");
    s.append("Desired tree for ").append(t.region()).append(":\n");
    plan.tree().stream()
        .sorted(java.util.Comparator.comparing((Rrset r) -> r.key().toString()))
        .forEach(r -> s.append("  ").append(line(r)).append('\n'));
    if (plan.desired() != null) {
      s.append("  (").append(SyncReport.weightedSummary(plan.desired()));
      if (plan.desired().note() != null) s.append("; ").append(plan.desired().note());
      if (!plan.desired().skipped().isEmpty())
        s.append("; skipped ").append(String.join(", ", plan.desired().skipped()));
      s.append(")\n");
    }
    s.append("\nConflicts with foreign records: ");
    if (plan.conflicts().isEmpty()) {
      s.append("none\n");
    } else {
      s.append(plan.conflicts().size()).append(": a sync stops and writes nothing\n");
      plan.conflicts().forEach(r -> s.append("  ").append(line(r)).append('\n'));
    }
    int n = 0;
    for (SyncFlow.Round r : plan.rounds()) {
      if (r.checks().isEmpty() && r.records().isEmpty()) continue;
      s.append("\nRound ")
          .append(++n)
          .append(n == 1 ? " (the diff against the zone now):\n" : " (after the batch before):\n");
      HealthCheckPlan c = r.checks();
      c.create()
          .forEach(
              x ->
                  s.append("  create health check  ")
                      .append(t.instanceName(x.n()))
                      .append(" ")
                      .append(x.address())
                      .append(":")
                      .append(x.check().port())
                      .append(x.check().path())
                      .append('\n'));
      c.update()
          .forEach(
              x ->
                  s.append("  update health check  ")
                      .append(x.checkId())
                      .append(" of ")
                      .append(t.instanceName(x.n()))
                      .append(" in place\n"));
      c.delete().forEach(id -> s.append("  delete health check  ").append(id).append('\n'));
      r.records()
          .changes()
          .forEach(
              x ->
                  s.append("  ")
                      .append(String.format("%-6s ", x.action()))
                      .append(line(x.record()))
                      .append('\n'));
    }
    if (n == 0 && plan.conflicts().isEmpty())
      s.append("\nNo changes: the zone already holds the desired tree.\n");
    s.append("\nRoute53 calls a sync would make (an operator started now):\n");
    plan.calls().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> s.append(String.format("  %-26s %d%n", e.getKey(), e.getValue())));
    s.append("  total ")
        .append(plan.total())
        .append(": about ")
        .append(CallTime.format(plan.duration()))
        .append(" at ")
        .append(limitsLine)
        .append(", then Route53's propagation (PENDING until INSYNC)\n");
    s.append("\nMonthly cost it adds (Route53 list prices of ")
        .append(Route53Prices.AS_OF)
        .append(", USD; estimates, see https://aws.amazon.com/route53/pricing/):\n");
    s.append("  health checks   ")
        .append(String.format("%+d", checksAdded()))
        .append(" x $")
        .append(checkMonthly())
        .append(" (HTTPS, ")
        .append(t.requestInterval())
        .append(" s interval, AWS endpoint) = $")
        .append(checkMonthly().multiply(BigDecimal.valueOf(checksAdded())))
        .append('\n');
    if (!addsLatencyRecord()) {
      s.append("  latency queries none added (the latency record exists already)\n");
    } else if (queriesPerMonth == 0) {
      s.append("  latency queries $")
          .append(Route53Prices.LATENCY_QUERIES_PER_MILLION)
          .append(" per million (--queries-per-month N for a figure)\n");
    } else {
      s.append("  latency queries ")
          .append(queriesPerMonth)
          .append(" a month = $")
          .append(queriesMonthly())
          .append('\n');
    }
    s.append("  total           $").append(totalMonthly()).append(" a month\n");
    return s.toString();
  }

  BigDecimal totalMonthly() {
    return checkMonthly().multiply(BigDecimal.valueOf(checksAdded())).add(queriesMonthly());
  }

  static String line(Rrset r) {
    return String.format(
        "%-44s %s",
        r.name(),
        r.toString().substring(r.name().length()).trim()
            + (r.ttl() == null ? "" : " ttl=" + r.ttl()));
  }

  public String json() {
    Target t = plan.target();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("resource", t.resource());
    out.put("region", t.region());
    out.put("hostedZoneId", t.zoneId());
    out.put("desired", plan.tree());
    out.put("conflicts", plan.conflicts());
    List<Map<String, Object>> rounds = new ArrayList<>();
    for (SyncFlow.Round r : plan.rounds()) {
      Map<String, Object> round = new LinkedHashMap<>();
      round.put(
          "healthChecks",
          Map.of(
              "create", r.checks().create().stream().map(x -> slot(t, x)).toList(),
              "update", r.checks().update().stream().map(x -> slot(t, x)).toList(),
              "delete", r.checks().delete()));
      round.put(
          "records",
          r.records().changes().stream()
              .map(c -> Map.of("action", c.action().name(), "record", c.record()))
              .toList());
      rounds.add(round);
    }
    out.put("rounds", rounds);
    out.put("calls", new java.util.TreeMap<>(plan.calls()));
    out.put("totalCalls", plan.total());
    out.put("seconds", plan.duration().toMillis() / 1000.0);
    out.put("limits", limitsLine);
    Map<String, Object> cost = new LinkedHashMap<>();
    cost.put("pricesAsOf", Route53Prices.AS_OF.toString());
    cost.put("healthChecksAdded", checksAdded());
    cost.put("healthCheckMonthlyUsd", checkMonthly());
    cost.put("latencyQueriesPerMillionUsd", Route53Prices.LATENCY_QUERIES_PER_MILLION);
    cost.put("queriesPerMonth", queriesPerMonth);
    cost.put("queriesMonthlyUsd", queriesMonthly());
    cost.put("totalMonthlyUsd", totalMonthly());
    out.put("monthlyCost", cost);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> slot(Target t, DesiredRecords.Slot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.instanceName(s.n()));
    m.put("address", s.address());
    if (s.checkId() != null) m.put("id", s.checkId());
    m.put("config", s.check());
    return m;
  }
}
