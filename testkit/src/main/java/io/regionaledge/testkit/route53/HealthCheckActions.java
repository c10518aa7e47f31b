package io.regionaledge.testkit.route53;

import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The health-check actions (botocore operations *HealthCheck*), over the health-check store and the
 * checkers.
 */
final class HealthCheckActions {
  private final HealthCheckStore checks;
  private final HealthChecker health;

  HealthCheckActions(HealthCheckStore checks, HealthChecker health) {
    this.checks = checks;
    this.health = health;
  }

  void register(Routes r) {
    r.add("POST", "healthcheck", "CreateHealthCheck", this::create)
        .add("GET", "healthcheck", "ListHealthChecks", this::list)
        .add(
            "GET",
            "healthcheck/{Id}",
            "GetHealthCheck",
            c -> {
              Xml.Writer w = new Xml.Writer().openRoot("GetHealthCheckResponse");
              healthCheck(w, checks.get(c.param("Id")));
              return Reply.ok(w.close("GetHealthCheckResponse"));
            })
        .add("POST", "healthcheck/{Id}", "UpdateHealthCheck", this::update)
        .add(
            "DELETE",
            "healthcheck/{Id}",
            "DeleteHealthCheck",
            c -> {
              checks.delete(c.param("Id"));
              return Reply.empty("DeleteHealthCheckResponse");
            })
        .add(
            "GET",
            "healthcheckcount",
            "GetHealthCheckCount",
            c ->
                Reply.ok(
                    new Xml.Writer()
                        .openRoot("GetHealthCheckCountResponse")
                        .el("HealthCheckCount", checks.count())
                        .close("GetHealthCheckCountResponse")))
        .add(
            "GET",
            "healthcheck/{Id}/status",
            "GetHealthCheckStatus",
            c -> observations(c, "GetHealthCheckStatusResponse", false))
        .add(
            "GET",
            "healthcheck/{Id}/lastfailurereason",
            "GetHealthCheckLastFailureReason",
            c -> observations(c, "GetHealthCheckLastFailureReasonResponse", true));
  }

  private Reply create(Call c) {
    Xml.El req = c.xml();
    Xml.El cfg =
        req.child("HealthCheckConfig")
            .orElseThrow(
                () ->
                    ApiException.invalidInput("Invalid parameter: HealthCheckConfig is required"));
    HealthCheck hc = checks.create(req.text("CallerReference"), config(cfg));
    Xml.Writer w = new Xml.Writer().openRoot("CreateHealthCheckResponse");
    healthCheck(w, hc);
    return Reply.created(
        w.close("CreateHealthCheckResponse"), "/2013-04-01/healthcheck/" + hc.id());
  }

  private static HealthCheckConfig config(Xml.El x) {
    for (String unsupported :
        List.of(
            "ChildHealthChecks",
            "AlarmIdentifier",
            "RoutingControlArn",
            "HealthThreshold",
            "Regions")) {
      if (x.child(unsupported).isPresent()) {
        throw ApiException.invalidInput("The Route53 simulator does not support " + unsupported);
      }
    }
    return new HealthCheckConfig(
        x.text("IPAddress"),
        Call.intOrNull(x.text("Port")),
        x.text("Type"),
        x.text("ResourcePath"),
        x.text("FullyQualifiedDomainName"),
        x.text("SearchString"),
        Call.intOr(x.text("RequestInterval"), 30),
        Call.intOr(x.text("FailureThreshold"), 3),
        Boolean.parseBoolean(x.text("MeasureLatency")),
        Boolean.parseBoolean(x.text("Inverted")),
        Boolean.parseBoolean(x.text("Disabled")),
        // Route53 defaults EnableSNI to true for HTTPS checks when the request leaves it out.
        x.text("EnableSNI") != null
            ? Boolean.parseBoolean(x.text("EnableSNI"))
            : x.text("Type") != null && x.text("Type").startsWith("HTTPS"));
  }

  private Reply update(Call c) {
    Xml.El x = c.xml();
    if (x.child("Regions").isPresent())
      throw ApiException.invalidInput("The Route53 simulator does not support Regions");
    List<String> reset = x.texts("ResetElements", "ResettableElementName");
    HealthCheck hc =
        checks.update(
            c.param("Id"),
            Call.longOrNull(x.text("HealthCheckVersion")),
            old -> {
              // botocore UpdateHealthCheckRequest.IPAddress: an IP can be changed, not added to a
              // check
              // created without one; FullyQualifiedDomainName can be reset only on a check with an
              // IP
              if (old.ipAddress() == null && x.text("IPAddress") != null) {
                throw ApiException.invalidInput(
                    "Invalid parameter: IPAddress can't be added to a health check "
                        + "that was created without one");
              }
              if (old.ipAddress() == null && reset.contains("FullyQualifiedDomainName")) {
                throw ApiException.invalidInput(
                    "Invalid parameter: FullyQualifiedDomainName can't be reset on a "
                        + "health check without an IPAddress");
              }
              return new HealthCheckConfig(
                  x.text("IPAddress") != null ? x.text("IPAddress") : old.ipAddress(),
                  x.text("Port") != null ? Call.intOrNull(x.text("Port")) : old.port(),
                  old.type(),
                  reset.contains("ResourcePath")
                      ? null
                      : x.text("ResourcePath") != null
                          ? x.text("ResourcePath")
                          : old.resourcePath(),
                  reset.contains("FullyQualifiedDomainName")
                      ? null
                      : x.text("FullyQualifiedDomainName") != null
                          ? x.text("FullyQualifiedDomainName")
                          : old.fullyQualifiedDomainName(),
                  x.text("SearchString") != null ? x.text("SearchString") : old.searchString(),
                  old.requestInterval(),
                  x.text("FailureThreshold") != null
                      ? Call.intOr(x.text("FailureThreshold"), 3)
                      : old.failureThreshold(),
                  old.measureLatency(),
                  x.text("Inverted") != null
                      ? Boolean.parseBoolean(x.text("Inverted"))
                      : old.inverted(),
                  x.text("Disabled") != null
                      ? Boolean.parseBoolean(x.text("Disabled"))
                      : old.disabled(),
                  x.text("EnableSNI") != null
                      ? Boolean.parseBoolean(x.text("EnableSNI"))
                      : old.enableSni());
            });
    Xml.Writer w = new Xml.Writer().openRoot("UpdateHealthCheckResponse");
    healthCheck(w, hc);
    return Reply.ok(w.close("UpdateHealthCheckResponse"));
  }

  private Reply list(Call c) {
    int max = c.maxItems(100, 1000);
    HostedZoneStore.Page<HealthCheck> page = checks.list(c.query().get("marker"), max);
    Xml.Writer w = new Xml.Writer().openRoot("ListHealthChecksResponse").open("HealthChecks");
    page.items().forEach(h -> healthCheck(w, h));
    w.close("HealthChecks")
        .el("Marker", c.query().getOrDefault("marker", ""))
        .el("IsTruncated", page.nextMarker() != null)
        .el("NextMarker", page.nextMarker())
        .el("MaxItems", max);
    return Reply.ok(w.close("ListHealthChecksResponse"));
  }

  private static void healthCheck(Xml.Writer w, HealthCheck hc) {
    HealthCheckConfig c = hc.config();
    w.open("HealthCheck")
        .el("Id", hc.id())
        .el("CallerReference", hc.callerReference())
        .open("HealthCheckConfig")
        .el("IPAddress", c.ipAddress())
        .el("Port", c.port())
        .el("Type", c.type())
        .el("ResourcePath", c.resourcePath())
        .el("FullyQualifiedDomainName", c.fullyQualifiedDomainName())
        .el("SearchString", c.searchString())
        .el("RequestInterval", c.requestInterval())
        .el("FailureThreshold", c.failureThreshold())
        .el("MeasureLatency", c.measureLatency())
        .el("Inverted", c.inverted())
        .el("Disabled", c.disabled())
        .el("EnableSNI", c.enableSni())
        .close("HealthCheckConfig")
        .el("HealthCheckVersion", hc.version())
        .close("HealthCheck");
  }

  /**
   * botocore GetHealthCheckStatusResponse / GetHealthCheckLastFailureReasonResponse:
   * HealthCheckObservations, one HealthCheckObservation (Region, IPAddress, StatusReport{Status,
   * CheckedTime}) per checker region that has reported (or, for the last failure reason, failed).
   */
  private Reply observations(Call c, String root, boolean failuresOnly) {
    String id = c.param("Id");
    checks.get(id);
    Xml.Writer w = new Xml.Writer().openRoot(root).open("HealthCheckObservations");
    for (HealthChecker.Observation o : health.observations(id, failuresOnly)) {
      w.open("HealthCheckObservation")
          .el("Region", o.region())
          .el("IPAddress", o.ipAddress())
          .open("StatusReport")
          .el("Status", o.result().report())
          .el("CheckedTime", o.result().checkedAt().truncatedTo(ChronoUnit.MILLIS))
          .close("StatusReport")
          .close("HealthCheckObservation");
    }
    return Reply.ok(w.close("HealthCheckObservations").close(root));
  }
}
