package io.regionaledge.testkit.route53;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Route53 REST/XML API (2013-04-01) over the store: routes a request to its action, counts it,
 * lets the fault injector fail it, and answers with Route53's XML shapes. Signatures are not checked.
 */
final class Route53Api implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Route53Api.class);
    private static final String PREFIX = "/2013-04-01/";

    private final Route53Store store;
    private final HealthChecker health;
    private final FaultInjector faults;
    private final RequestCounters counters;
    private final Throttling.Buckets throttling;

    Route53Api(Route53Store store, HealthChecker health, FaultInjector faults, RequestCounters counters,
               Throttling.Buckets throttling) {
        this.throttling = throttling;
        this.store = store;
        this.health = health;
        this.faults = faults;
        this.counters = counters;
    }

    private record Response(int status, String body, Map<String, String> headers) {
        Response(int status, String body) { this(status, body, Map.of()); }
    }

    /** A routed request: action name and what the path and query carry. */
    private record Call(String action, String method, List<String> path, Map<String, String> query, byte[] body) {
        String seg(int i) { return path.get(i); }
    }

    @Override public void handle(HttpExchange ex) throws IOException {
        String requestId = UUID.randomUUID().toString();
        Response response;
        try {
            Call call = route(ex);
            counters.increment(call.action());
            Optional<Fault> fault = faults.next(call.action());
            if (fault.isPresent()) throw fault.get().toException();
            if (!throttling.tryAcquire(call.action(), changeTokens(call))) throw Fault.THROTTLING.toException();
            response = serve(call);
        } catch (ApiException e) {
            response = error(e, requestId);
        } catch (RuntimeException e) {
            LOG.warn("simulator failed on {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
            response = error(new ApiException(500, "InternalFailure", "Simulator error: " + e, false), requestId);
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml");
        ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
        response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    private static Response error(ApiException e, String requestId) {
        Xml.Writer w = new Xml.Writer().openRoot("ErrorResponse").open("Error")
                .el("Type", e.senderFault() ? "Sender" : "Receiver").el("Code", e.code()).el("Message", e.getMessage())
                .close("Error").el("RequestId", requestId).close("ErrorResponse");
        return new Response(e.status(), w.toString());
    }

    /** Record changes a request asks for, an UPSERT counting twice (see {@link Throttling}). */
    private static int changeTokens(Call c) {
        if (!c.action().equals("ChangeResourceRecordSets")) return 0;
        int n = 0;
        for (Xml.El ch : Xml.parse(c.body()).child("ChangeBatch").flatMap(b -> b.child("Changes"))
                .map(x -> x.children("Change")).orElse(List.of())) {
            n += "UPSERT".equals(ch.text("Action")) ? 2 : 1;
        }
        return n;
    }

    private static Call route(HttpExchange ex) throws IOException {
        String raw = ex.getRequestURI().getRawPath();
        if (!raw.startsWith(PREFIX)) throw new ApiException(404, "UnknownOperationException", "Unknown path " + raw);
        List<String> path = new ArrayList<>();
        for (String s : raw.substring(PREFIX.length()).split("/")) {
            if (!s.isEmpty()) path.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
        }
        Map<String, String> query = new LinkedHashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.isEmpty()) continue;
                int i = kv.indexOf('=');
                String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
                query.put(k, i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        String m = ex.getRequestMethod();
        byte[] body = ex.getRequestBody().readAllBytes();
        String action = action(m, path);
        if (action == null) {
            throw new ApiException(404, "UnknownOperationException", "No Route53 action for " + m + " " + raw);
        }
        return new Call(action, m, path, query, body);
    }

    private static String action(String m, List<String> p) {
        if (p.isEmpty()) return null;
        String r = p.get(0);
        int n = p.size();
        return switch (r) {
            case "hostedzone" -> switch (n) {
                case 1 -> m.equals("POST") ? "CreateHostedZone" : m.equals("GET") ? "ListHostedZones" : null;
                case 2 -> m.equals("GET") ? "GetHostedZone" : m.equals("DELETE") ? "DeleteHostedZone" : null;
                case 3 -> !p.get(2).equals("rrset") ? null
                        : m.equals("POST") ? "ChangeResourceRecordSets" : m.equals("GET") ? "ListResourceRecordSets" : null;
                default -> null;
            };
            case "hostedzonesbyname" -> n == 1 && m.equals("GET") ? "ListHostedZonesByName" : null;
            case "hostedzonecount" -> n == 1 && m.equals("GET") ? "GetHostedZoneCount" : null;
            case "change" -> n == 2 && m.equals("GET") ? "GetChange" : null;
            case "healthcheckcount" -> n == 1 && m.equals("GET") ? "GetHealthCheckCount" : null;
            case "accountlimit" -> n == 2 && m.equals("GET") ? "GetAccountLimit" : null;
            case "healthcheck" -> switch (n) {
                case 1 -> m.equals("POST") ? "CreateHealthCheck" : m.equals("GET") ? "ListHealthChecks" : null;
                case 2 -> switch (m) {
                    case "GET" -> "GetHealthCheck";
                    case "POST" -> "UpdateHealthCheck";
                    case "DELETE" -> "DeleteHealthCheck";
                    default -> null;
                };
                case 3 -> p.get(2).equals("status") && m.equals("GET") ? "GetHealthCheckStatus" : null;
                default -> null;
            };
            case "tags" -> n == 3 ? (m.equals("POST") ? "ChangeTagsForResource" : m.equals("GET") ? "ListTagsForResource" : null)
                    : n == 2 && m.equals("POST") ? "ListTagsForResources" : null;
            default -> null;
        };
    }

    private Response serve(Call c) {
        return switch (c.action()) {
            case "CreateHostedZone" -> createHostedZone(c);
            case "ListHostedZones" -> listHostedZones(c);
            case "ListHostedZonesByName" -> listHostedZonesByName(c);
            case "GetHostedZone" -> getHostedZone(c);
            case "GetHostedZoneCount" -> ok(new Xml.Writer().openRoot("GetHostedZoneCountResponse")
                    .el("HostedZoneCount", store.zones().size()).close("GetHostedZoneCountResponse"));
            case "DeleteHostedZone" -> {
                ChangeInfo ci = store.deleteHostedZone(c.seg(1));
                Xml.Writer w = new Xml.Writer().openRoot("DeleteHostedZoneResponse");
                changeInfo(w, ci);
                yield ok(w.close("DeleteHostedZoneResponse"));
            }
            case "ChangeResourceRecordSets" -> changeRecords(c);
            case "ListResourceRecordSets" -> listRecords(c);
            case "GetChange" -> {
                Xml.Writer w = new Xml.Writer().openRoot("GetChangeResponse");
                changeInfo(w, store.getChange(c.seg(1)));
                yield ok(w.close("GetChangeResponse"));
            }
            case "CreateHealthCheck" -> createHealthCheck(c);
            case "GetHealthCheck" -> {
                Xml.Writer w = new Xml.Writer().openRoot("GetHealthCheckResponse");
                healthCheck(w, store.healthCheck(c.seg(1)));
                yield ok(w.close("GetHealthCheckResponse"));
            }
            case "ListHealthChecks" -> listHealthChecks(c);
            case "UpdateHealthCheck" -> updateHealthCheck(c);
            case "DeleteHealthCheck" -> {
                store.deleteHealthCheck(c.seg(1));
                yield ok(new Xml.Writer().openRoot("DeleteHealthCheckResponse").close("DeleteHealthCheckResponse"));
            }
            case "GetHealthCheckStatus" -> healthCheckStatus(c);
            case "GetHealthCheckCount" -> ok(new Xml.Writer().openRoot("GetHealthCheckCountResponse")
                    .el("HealthCheckCount", store.healthChecks().size()).close("GetHealthCheckCountResponse"));
            case "GetAccountLimit" -> accountLimit(c);
            case "ChangeTagsForResource" -> changeTags(c);
            case "ListTagsForResource" -> {
                Xml.Writer w = new Xml.Writer().openRoot("ListTagsForResourceResponse");
                tagSet(w, c.seg(1), c.seg(2));
                yield ok(w.close("ListTagsForResourceResponse"));
            }
            case "ListTagsForResources" -> listTagsForResources(c);
            default -> throw new ApiException(400, "InvalidAction", "Unsupported action " + c.action());
        };
    }

    private static Response ok(Xml.Writer w) { return new Response(200, w.toString()); }

    // ---------------------------------------------------------------- hosted zones

    private Response createHostedZone(Call c) {
        Xml.El req = Xml.parse(c.body());
        if (req.child("VPC").isPresent()) throw ApiException.invalidInput("The simulator holds public hosted zones only");
        String comment = req.child("HostedZoneConfig").map(h -> h.text("Comment")).orElse(null);
        HostedZone z = store.createHostedZone(req.text("Name"), req.text("CallerReference"), comment);
        Xml.Writer w = new Xml.Writer().openRoot("CreateHostedZoneResponse");
        hostedZone(w, z);
        changeInfo(w, store.newChange(null));
        delegationSet(w, z);
        w.close("CreateHostedZoneResponse");
        return new Response(201, w.toString(), Map.of("Location", "/2013-04-01/hostedzone/" + z.id()));
    }

    private Response getHostedZone(Call c) {
        HostedZone z = store.zone(c.seg(1));
        Xml.Writer w = new Xml.Writer().openRoot("GetHostedZoneResponse");
        hostedZone(w, z);
        delegationSet(w, z);
        return ok(w.close("GetHostedZoneResponse"));
    }

    private Response listHostedZones(Call c) {
        int max = maxItems(c, 100, 100);
        Route53Store.Page<HostedZone> page = store.listHostedZones(c.query().get("marker"), max);
        Xml.Writer w = new Xml.Writer().openRoot("ListHostedZonesResponse").open("HostedZones");
        page.items().forEach(z -> hostedZone(w, z));
        w.close("HostedZones").el("Marker", c.query().getOrDefault("marker", ""))
                .el("IsTruncated", page.nextMarker() != null).el("NextMarker", page.nextMarker()).el("MaxItems", max);
        return ok(w.close("ListHostedZonesResponse"));
    }

    private Response listHostedZonesByName(Call c) {
        int max = maxItems(c, 100, 100);
        String dns = c.query().get("dnsname");
        String id = c.query().get("hostedzoneid");
        if (id != null && dns == null) throw ApiException.invalidInput("Invalid parameter: hostedzoneid requires dnsname");
        Route53Store.Page<HostedZone> page = store.listHostedZonesByName(dns, id, max);
        Xml.Writer w = new Xml.Writer().openRoot("ListHostedZonesByNameResponse").open("HostedZones");
        page.items().forEach(z -> hostedZone(w, z));
        w.close("HostedZones").el("DNSName", dns).el("HostedZoneId", id).el("IsTruncated", page.nextMarker() != null);
        if (page.nextMarker() != null) {
            w.el("NextDNSName", store.zone(page.nextMarker()).name()).el("NextHostedZoneId", page.nextMarker());
        }
        return ok(w.el("MaxItems", max).close("ListHostedZonesByNameResponse"));
    }

    private void hostedZone(Xml.Writer w, HostedZone z) {
        w.open("HostedZone").el("Id", "/hostedzone/" + z.id()).el("Name", z.name()).el("CallerReference", z.callerReference())
                .open("Config").el("Comment", z.comment()).el("PrivateZone", false).close("Config")
                .el("ResourceRecordSetCount", store.recordCount(z.id())).close("HostedZone");
    }

    private void delegationSet(Xml.Writer w, HostedZone z) {
        w.open("DelegationSet").open("NameServers");
        store.members(z.id(), z.name(), "NS").forEach(r -> r.values()
                .forEach(v -> w.el("NameServer", v.endsWith(".") ? v.substring(0, v.length() - 1) : v)));
        w.close("NameServers").close("DelegationSet");
    }

    private void changeInfo(Xml.Writer w, ChangeInfo ci) {
        w.open("ChangeInfo").el("Id", "/change/" + ci.id()).el("Status", ci.status(store.now()))
                .el("SubmittedAt", ci.submittedAt().truncatedTo(ChronoUnit.MILLIS)).el("Comment", ci.comment())
                .close("ChangeInfo");
    }

    // ---------------------------------------------------------------- record sets

    private Response changeRecords(Call c) {
        Xml.El req = Xml.parse(c.body());
        Xml.El batch = req.child("ChangeBatch").orElseThrow(() -> ApiException.invalidInput("Invalid parameter: ChangeBatch is required"));
        List<Change> changes = new ArrayList<>();
        for (Xml.El ch : batch.child("Changes").map(x -> x.children("Change")).orElse(List.of())) {
            Xml.El rs = ch.child("ResourceRecordSet")
                    .orElseThrow(() -> ApiException.invalidInput("Invalid parameter: ResourceRecordSet is required"));
            changes.add(new Change(ch.text("Action"), recordSet(rs)));
        }
        ChangeInfo ci = store.change(c.seg(1), changes, batch.text("Comment"));
        Xml.Writer w = new Xml.Writer().openRoot("ChangeResourceRecordSetsResponse");
        changeInfo(w, ci);
        return ok(w.close("ChangeResourceRecordSetsResponse"));
    }

    private static RecordSet recordSet(Xml.El rs) {
        for (String unsupported : List.of("Failover", "GeoLocation", "MultiValueAnswer", "TrafficPolicyInstanceId",
                "CidrRoutingConfig", "GeoProximityLocation")) {
            if (rs.child(unsupported).isPresent()) {
                throw ApiException.invalidInput("The Route53 simulator does not support " + unsupported + " records");
            }
        }
        if (rs.text("Name") == null || rs.text("Type") == null) {
            throw ApiException.invalidInput("Invalid parameter: ResourceRecordSet needs Name and Type");
        }
        AliasTarget alias = rs.child("AliasTarget").map(a -> new AliasTarget(a.text("HostedZoneId"), a.text("DNSName"),
                Boolean.parseBoolean(a.text("EvaluateTargetHealth")))).orElse(null);
        List<String> values = rs.child("ResourceRecords")
                .map(x -> x.children("ResourceRecord").stream().map(v -> v.text("Value")).toList()).orElse(List.of());
        return new RecordSet(rs.text("Name"), rs.text("Type"), rs.text("SetIdentifier"), longOrNull(rs.text("Weight")),
                rs.text("Region"), longOrNull(rs.text("TTL")), values, alias, rs.text("HealthCheckId"));
    }

    private Response listRecords(Call c) {
        int max = maxItems(c, 300, 300);
        Map<String, String> q = c.query();
        Route53Store.RecordPage page = store.listRecords(c.seg(1), q.get("name"), q.get("type"), q.get("identifier"), max);
        Xml.Writer w = new Xml.Writer().openRoot("ListResourceRecordSetsResponse").open("ResourceRecordSets");
        page.records().forEach(r -> recordSet(w, r));
        w.close("ResourceRecordSets").el("IsTruncated", page.next() != null);
        if (page.next() != null) {
            w.el("NextRecordName", page.next().name()).el("NextRecordType", page.next().type())
                    .el("NextRecordIdentifier", page.next().setIdentifier());
        }
        return ok(w.el("MaxItems", max).close("ListResourceRecordSetsResponse"));
    }

    private static void recordSet(Xml.Writer w, RecordSet r) {
        w.open("ResourceRecordSet").el("Name", r.name()).el("Type", r.type()).el("SetIdentifier", r.setIdentifier())
                .el("Weight", r.weight()).el("Region", r.region()).el("TTL", r.ttl());
        if (!r.values().isEmpty()) {
            w.open("ResourceRecords");
            r.values().forEach(v -> w.open("ResourceRecord").el("Value", v).close("ResourceRecord"));
            w.close("ResourceRecords");
        }
        if (r.alias() != null) {
            w.open("AliasTarget").el("HostedZoneId", r.alias().hostedZoneId()).el("DNSName", r.alias().dnsName())
                    .el("EvaluateTargetHealth", r.alias().evaluateTargetHealth()).close("AliasTarget");
        }
        w.el("HealthCheckId", r.healthCheckId()).close("ResourceRecordSet");
    }

    // ---------------------------------------------------------------- health checks

    private Response createHealthCheck(Call c) {
        Xml.El req = Xml.parse(c.body());
        Xml.El cfg = req.child("HealthCheckConfig")
                .orElseThrow(() -> ApiException.invalidInput("Invalid parameter: HealthCheckConfig is required"));
        HealthCheck hc = store.createHealthCheck(req.text("CallerReference"), healthCheckConfig(cfg));
        Xml.Writer w = new Xml.Writer().openRoot("CreateHealthCheckResponse");
        healthCheck(w, hc);
        w.close("CreateHealthCheckResponse");
        return new Response(201, w.toString(), Map.of("Location", "/2013-04-01/healthcheck/" + hc.id()));
    }

    private static HealthCheckConfig healthCheckConfig(Xml.El x) {
        for (String unsupported : List.of("ChildHealthChecks", "AlarmIdentifier", "RoutingControlArn", "HealthThreshold")) {
            if (x.child(unsupported).isPresent()) {
                throw ApiException.invalidInput("The Route53 simulator does not support " + unsupported);
            }
        }
        return new HealthCheckConfig(x.text("IPAddress"), intOrNull(x.text("Port")), x.text("Type"), x.text("ResourcePath"),
                x.text("FullyQualifiedDomainName"),
                x.text("SearchString"), intOr(x.text("RequestInterval"), 30), intOr(x.text("FailureThreshold"), 3),
                Boolean.parseBoolean(x.text("MeasureLatency")), Boolean.parseBoolean(x.text("Inverted")),
                Boolean.parseBoolean(x.text("Disabled")),
                // Route53 defaults EnableSNI to true for HTTPS checks when the request leaves it out.
                x.text("EnableSNI") != null ? Boolean.parseBoolean(x.text("EnableSNI"))
                        : x.text("Type") != null && x.text("Type").startsWith("HTTPS"));
    }

    private Response updateHealthCheck(Call c) {
        Xml.El x = Xml.parse(c.body());
        List<String> reset = x.texts("ResetElements", "ResettableElementName");
        HealthCheck hc = store.updateHealthCheck(c.seg(1), longOrNull(x.text("HealthCheckVersion")), old -> {
            // botocore UpdateHealthCheckRequest.IPAddress: an IP can be changed, not added to a check
            // created without one; FullyQualifiedDomainName can be reset only on a check with an IP
            if (old.ipAddress() == null && x.text("IPAddress") != null) {
                throw ApiException.invalidInput("Invalid parameter: IPAddress can't be added to a health check "
                        + "that was created without one");
            }
            if (old.ipAddress() == null && reset.contains("FullyQualifiedDomainName")) {
                throw ApiException.invalidInput("Invalid parameter: FullyQualifiedDomainName can't be reset on a "
                        + "health check without an IPAddress");
            }
            return new HealthCheckConfig(
                        x.text("IPAddress") != null ? x.text("IPAddress") : old.ipAddress(),
                        x.text("Port") != null ? intOrNull(x.text("Port")) : old.port(),
                        old.type(),
                        reset.contains("ResourcePath") ? null : x.text("ResourcePath") != null ? x.text("ResourcePath") : old.resourcePath(),
                        reset.contains("FullyQualifiedDomainName") ? null
                                : x.text("FullyQualifiedDomainName") != null ? x.text("FullyQualifiedDomainName")
                                : old.fullyQualifiedDomainName(),
                        x.text("SearchString") != null ? x.text("SearchString") : old.searchString(),
                        old.requestInterval(),
                        x.text("FailureThreshold") != null ? intOr(x.text("FailureThreshold"), 3) : old.failureThreshold(),
                        old.measureLatency(),
                        x.text("Inverted") != null ? Boolean.parseBoolean(x.text("Inverted")) : old.inverted(),
                        x.text("Disabled") != null ? Boolean.parseBoolean(x.text("Disabled")) : old.disabled(),
                        x.text("EnableSNI") != null ? Boolean.parseBoolean(x.text("EnableSNI")) : old.enableSni());
        });
        Xml.Writer w = new Xml.Writer().openRoot("UpdateHealthCheckResponse");
        healthCheck(w, hc);
        return ok(w.close("UpdateHealthCheckResponse"));
    }

    private Response listHealthChecks(Call c) {
        int max = maxItems(c, 100, 1000);
        Route53Store.Page<HealthCheck> page = store.listHealthChecks(c.query().get("marker"), max);
        Xml.Writer w = new Xml.Writer().openRoot("ListHealthChecksResponse").open("HealthChecks");
        page.items().forEach(h -> healthCheck(w, h));
        w.close("HealthChecks").el("Marker", c.query().getOrDefault("marker", ""))
                .el("IsTruncated", page.nextMarker() != null).el("NextMarker", page.nextMarker()).el("MaxItems", max);
        return ok(w.close("ListHealthChecksResponse"));
    }

    private static void healthCheck(Xml.Writer w, HealthCheck hc) {
        HealthCheckConfig c = hc.config();
        w.open("HealthCheck").el("Id", hc.id()).el("CallerReference", hc.callerReference()).open("HealthCheckConfig")
                .el("IPAddress", c.ipAddress()).el("Port", c.port()).el("Type", c.type()).el("ResourcePath", c.resourcePath())
                .el("FullyQualifiedDomainName", c.fullyQualifiedDomainName()).el("SearchString", c.searchString())
                .el("RequestInterval", c.requestInterval()).el("FailureThreshold", c.failureThreshold())
                .el("MeasureLatency", c.measureLatency()).el("Inverted", c.inverted()).el("Disabled", c.disabled())
                .el("EnableSNI", c.enableSni()).close("HealthCheckConfig").el("HealthCheckVersion", hc.version())
                .close("HealthCheck");
    }

    private Response healthCheckStatus(Call c) {
        String id = c.seg(1);
        store.healthCheck(id);
        Xml.Writer w = new Xml.Writer().openRoot("GetHealthCheckStatusResponse").open("HealthCheckObservations");
        String ip = store.healthCheck(id).config().ipAddress();
        // one observation per checker region (CheckerRegions); one prober stands for all of them
        health.lastResult(id).ifPresent(r -> CheckerRegions.DEFAULT.forEach((region, checker) -> w
                .open("HealthCheckObservation").el("Region", region).el("IPAddress", checker).open("StatusReport")
                .el("Status", health.checkers().blocks(ip, region) ? CheckerRegions.BLOCKED : r.report())
                .el("CheckedTime", r.checkedAt().truncatedTo(ChronoUnit.MILLIS)).close("StatusReport")
                .close("HealthCheckObservation")));
        return ok(w.close("HealthCheckObservations").close("GetHealthCheckStatusResponse"));
    }

    /** GetAccountLimit (botocore): only MAX_HEALTH_CHECKS_BY_OWNER and MAX_HOSTED_ZONES_BY_OWNER are simulated. */
    private Response accountLimit(Call c) {
        String type = c.seg(1);
        long[] valueAndCount = switch (type) {
            case "MAX_HEALTH_CHECKS_BY_OWNER" -> new long[] {store.healthCheckQuota(), store.healthChecks().size()};
            case "MAX_HOSTED_ZONES_BY_OWNER" -> new long[] {500, store.zones().size()};
            default -> throw ApiException.invalidInput("Invalid parameter: the simulator does not model account limit " + type);
        };
        return ok(new Xml.Writer().openRoot("GetAccountLimitResponse").open("Limit").el("Type", type)
                .el("Value", valueAndCount[0]).close("Limit").el("Count", valueAndCount[1]).close("GetAccountLimitResponse"));
    }

    // ---------------------------------------------------------------- tags

    private Response changeTags(Call c) {
        Xml.El x = Xml.parse(c.body());
        Map<String, String> add = new LinkedHashMap<>();
        x.child("AddTags").ifPresent(a -> a.children("Tag").forEach(t -> add.put(t.text("Key"), t.text("Value"))));
        store.changeTags(c.seg(1), c.seg(2), add, x.texts("RemoveTagKeys", "Key"));
        return ok(new Xml.Writer().openRoot("ChangeTagsForResourceResponse").close("ChangeTagsForResourceResponse"));
    }

    private Response listTagsForResources(Call c) {
        List<String> ids = Xml.parse(c.body()).texts("ResourceIds", "ResourceId");
        if (ids.isEmpty() || ids.size() > 10) throw ApiException.invalidInput("Invalid parameter: 1 to 10 ResourceIds are required");
        Xml.Writer w = new Xml.Writer().openRoot("ListTagsForResourcesResponse").open("ResourceTagSets");
        ids.forEach(id -> tagSet(w, c.seg(1), id));
        return ok(w.close("ResourceTagSets").close("ListTagsForResourcesResponse"));
    }

    private void tagSet(Xml.Writer w, String type, String id) {
        Map<String, String> tags = store.tags(type, id);
        w.open("ResourceTagSet").el("ResourceType", type).el("ResourceId", id).open("Tags");
        tags.forEach((k, v) -> w.open("Tag").el("Key", k).el("Value", v).close("Tag"));
        w.close("Tags").close("ResourceTagSet");
    }

    // ---------------------------------------------------------------- parsing helpers

    private static int maxItems(Call c, int dflt, int limit) {
        String s = c.query().get("maxitems");
        if (s == null) return dflt;
        int v = intOr(s, -1);
        if (v < 1) throw ApiException.invalidInput("Invalid parameter: maxitems must be a positive number, was " + s);
        return Math.min(v, limit);
    }

    private static Long longOrNull(String s) {
        if (s == null) return null;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiException.invalidInput("Invalid parameter: '" + s + "' is not a number");
        }
    }

    private static Integer intOrNull(String s) {
        Long l = longOrNull(s);
        return l == null ? null : Math.toIntExact(l);
    }

    private static int intOr(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw ApiException.invalidInput("Invalid parameter: '" + s + "' is not a number");
        }
    }
}
