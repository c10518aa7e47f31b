package io.regionaledge.testkit.route53;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON views for humans and narrating scripts: {@code /_sim/resolve?region=R&name=N} (without
 * region: every region's addresses), {@code /_sim/zones}, {@code /_sim/healthchecks}, {@code
 * /_sim/counters}.
 */
final class SimApi implements HttpHandler {
  private final Route53Simulator sim;

  SimApi(Route53Simulator sim) {
    this.sim = sim;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    int status = 200;
    Object body;
    try {
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      body =
          switch (ex.getRequestURI().getPath()) {
            case "/_sim/resolve" -> resolve(q);
            case "/_sim/zones" -> zones();
            case "/_sim/healthchecks" -> healthChecks();
            case "/_sim/counters" -> sim.counters().snapshot();
            default -> {
              status = 404;
              yield Map.of(
                  "error",
                  "unknown path; try /_sim/resolve?region=us-east-1&name=NAME, /_sim/zones, "
                      + "/_sim/healthchecks, /_sim/counters");
            }
          };
    } catch (IllegalArgumentException e) {
      status = 400;
      body = Map.of("error", e.getMessage());
    }
    byte[] bytes = (Json.of(body) + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Object resolve(Map<String, String> q) {
    String region = q.get("region");
    String name = q.get("name");
    if (name == null)
      throw new IllegalArgumentException("name is required (and region, or none for every region)");
    if (region == null) {
      Map<String, Object> all = new LinkedHashMap<>();
      for (String r : sim.resolver().regions()) all.put(r, sim.resolve(r, name).addresses());
      return all;
    }
    Answer a = sim.resolve(region, name);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("region", region);
    m.put("name", a.name());
    m.put("rcode", a.rcode());
    m.put("addresses", a.addresses());
    m.put("cnames", a.cnames());
    m.put("ttl", a.ttl());
    m.put("path", a.path());
    return m;
  }

  private Object zones() {
    List<Object> out = new ArrayList<>();
    for (HostedZone z : sim.hostedZones()) {
      List<Object> records = new ArrayList<>();
      for (RecordSet r : sim.snapshot(z.id()).records()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("type", r.type());
        if (r.setIdentifier() != null) m.put("setIdentifier", r.setIdentifier());
        if (r.weight() != null) m.put("weight", r.weight());
        if (r.region() != null) m.put("region", r.region());
        if (r.ttl() != null) m.put("ttl", r.ttl());
        if (!r.values().isEmpty()) m.put("values", r.values());
        if (r.alias() != null) {
          m.put(
              "alias",
              Map.of(
                  "hostedZoneId",
                  r.alias().hostedZoneId(),
                  "dnsName",
                  r.alias().dnsName(),
                  "evaluateTargetHealth",
                  r.alias().evaluateTargetHealth()));
        }
        if (r.healthCheckId() != null) {
          m.put("healthCheckId", r.healthCheckId());
          m.put("healthy", sim.isHealthy(r.healthCheckId()));
        }
        records.add(m);
      }
      Map<String, Object> zm = new LinkedHashMap<>();
      zm.put("id", z.id());
      zm.put("name", z.name());
      zm.put("records", records);
      out.add(zm);
    }
    return out;
  }

  private Object healthChecks() {
    List<Object> out = new ArrayList<>();
    for (HealthCheck hc : sim.healthChecks()) {
      HealthCheckConfig c = hc.config();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", hc.id());
      m.put("callerReference", hc.callerReference());
      m.put(
          "target",
          c.type()
              + " "
              + c.ipAddress()
              + ":"
              + c.effectivePort()
              + (c.resourcePath() == null ? "" : c.resourcePath()));
      m.put("fqdn", c.fullyQualifiedDomainName());
      m.put("enableSni", c.enableSni());
      m.put("status", sim.healthStatus(hc.id()).name());
      m.put("healthy", sim.isHealthy(hc.id()));
      sim.lastProbe(hc.id()).ifPresent(r -> m.put("lastProbe", r.report()));
      Map<String, String> checkers = sim.checkerReports(hc.id());
      m.put(
          "checkersHealthy",
          checkers.values().stream().filter(v -> v.startsWith("Success")).count()
              + "/"
              + checkers.size());
      m.put("tags", hc.tags());
      out.add(m);
    }
    return out;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) return q;
    for (String kv : raw.split("&")) {
      int i = kv.indexOf('=');
      if (i > 0) {
        q.put(
            URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
            URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }
}
