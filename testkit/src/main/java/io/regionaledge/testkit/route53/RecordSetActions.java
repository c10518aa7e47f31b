package io.regionaledge.testkit.route53;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ChangeResourceRecordSets and ListResourceRecordSets: Route53's record-set XML over the zone
 * store.
 */
final class RecordSetActions {
  private final HostedZoneStore zones;
  private final ChangeStore changes;

  RecordSetActions(HostedZoneStore zones, ChangeStore changes) {
    this.zones = zones;
    this.changes = changes;
  }

  void register(Routes r) {
    r.add(
            "POST",
            "hostedzone/{Id}/rrset",
            "ChangeResourceRecordSets",
            this::change,
            RecordSetActions::changeTokens)
        .add("GET", "hostedzone/{Id}/rrset", "ListResourceRecordSets", this::list);
  }

  /** Record changes a request asks for, an UPSERT counting twice (see {@link Throttling}). */
  private static int changeTokens(Call c) {
    int n = 0;
    for (Xml.El ch :
        c.xml()
            .child("ChangeBatch")
            .flatMap(b -> b.child("Changes"))
            .map(x -> x.children("Change"))
            .orElse(List.of())) {
      n += "UPSERT".equals(ch.text("Action")) ? 2 : 1;
    }
    return n;
  }

  private Reply change(Call c) {
    Xml.El batch =
        c.xml()
            .child("ChangeBatch")
            .orElseThrow(
                () -> ApiException.invalidInput("Invalid parameter: ChangeBatch is required"));
    List<Change> list = new ArrayList<>();
    for (Xml.El ch : batch.child("Changes").map(x -> x.children("Change")).orElse(List.of())) {
      Xml.El rs =
          ch.child("ResourceRecordSet")
              .orElseThrow(
                  () ->
                      ApiException.invalidInput(
                          "Invalid parameter: ResourceRecordSet is required"));
      list.add(new Change(ch.text("Action"), recordSet(rs)));
    }
    ChangeInfo ci = zones.change(c.param("Id"), list, batch.text("Comment"));
    Xml.Writer w = new Xml.Writer().openRoot("ChangeResourceRecordSetsResponse");
    HostedZoneActions.changeInfo(w, ci, changes.now());
    return Reply.ok(w.close("ChangeResourceRecordSetsResponse"));
  }

  private static RecordSet recordSet(Xml.El rs) {
    for (String unsupported :
        List.of(
            "Failover",
            "GeoLocation",
            "MultiValueAnswer",
            "TrafficPolicyInstanceId",
            "CidrRoutingConfig",
            "GeoProximityLocation")) {
      if (rs.child(unsupported).isPresent()) {
        throw ApiException.invalidInput(
            "The Route53 simulator does not support " + unsupported + " records");
      }
    }
    if (rs.text("Name") == null || rs.text("Type") == null) {
      throw ApiException.invalidInput("Invalid parameter: ResourceRecordSet needs Name and Type");
    }
    AliasTarget alias =
        rs.child("AliasTarget")
            .map(
                a ->
                    new AliasTarget(
                        a.text("HostedZoneId"),
                        a.text("DNSName"),
                        Boolean.parseBoolean(a.text("EvaluateTargetHealth"))))
            .orElse(null);
    List<String> values =
        rs.child("ResourceRecords")
            .map(x -> x.children("ResourceRecord").stream().map(v -> v.text("Value")).toList())
            .orElse(List.of());
    return new RecordSet(
        rs.text("Name"),
        rs.text("Type"),
        rs.text("SetIdentifier"),
        Call.longOrNull(rs.text("Weight")),
        rs.text("Region"),
        Call.longOrNull(rs.text("TTL")),
        values,
        alias,
        rs.text("HealthCheckId"));
  }

  private Reply list(Call c) {
    int max = c.maxItems(300, 300);
    Map<String, String> q = c.query();
    HostedZoneStore.RecordPage page =
        zones.listRecords(c.param("Id"), q.get("name"), q.get("type"), q.get("identifier"), max);
    Xml.Writer w =
        new Xml.Writer().openRoot("ListResourceRecordSetsResponse").open("ResourceRecordSets");
    page.records().forEach(r -> recordSet(w, r));
    w.close("ResourceRecordSets").el("IsTruncated", page.next() != null);
    if (page.next() != null) {
      w.el("NextRecordName", page.next().name())
          .el("NextRecordType", page.next().type())
          .el("NextRecordIdentifier", page.next().setIdentifier());
    }
    return Reply.ok(w.el("MaxItems", max).close("ListResourceRecordSetsResponse"));
  }

  private static void recordSet(Xml.Writer w, RecordSet r) {
    w.open("ResourceRecordSet")
        .el("Name", r.name())
        .el("Type", r.type())
        .el("SetIdentifier", r.setIdentifier())
        .el("Weight", r.weight())
        .el("Region", r.region())
        .el("TTL", r.ttl());
    if (!r.values().isEmpty()) {
      w.open("ResourceRecords");
      r.values().forEach(v -> w.open("ResourceRecord").el("Value", v).close("ResourceRecord"));
      w.close("ResourceRecords");
    }
    if (r.alias() != null) {
      w.open("AliasTarget")
          .el("HostedZoneId", r.alias().hostedZoneId())
          .el("DNSName", r.alias().dnsName())
          .el("EvaluateTargetHealth", r.alias().evaluateTargetHealth())
          .close("AliasTarget");
    }
    w.el("HealthCheckId", r.healthCheckId()).close("ResourceRecordSet");
  }
}
