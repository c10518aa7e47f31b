package io.regionaledge.testkit.route53;

import java.time.temporal.ChronoUnit;

/** The hosted-zone actions (botocore operations *HostedZone*) and GetChange, over their stores. */
final class HostedZoneActions {
  private final HostedZoneStore zones;
  private final ChangeStore changes;

  HostedZoneActions(HostedZoneStore zones, ChangeStore changes) {
    this.zones = zones;
    this.changes = changes;
  }

  void register(Routes r) {
    r.add("POST", "hostedzone", "CreateHostedZone", this::create)
        .add("GET", "hostedzone", "ListHostedZones", this::list)
        .add("GET", "hostedzone/{Id}", "GetHostedZone", this::get)
        .add("DELETE", "hostedzone/{Id}", "DeleteHostedZone", this::delete)
        .add("GET", "hostedzonesbyname", "ListHostedZonesByName", this::listByName)
        .add(
            "GET",
            "hostedzonecount",
            "GetHostedZoneCount",
            c ->
                Reply.ok(
                    new Xml.Writer()
                        .openRoot("GetHostedZoneCountResponse")
                        .el("HostedZoneCount", zones.zones().size())
                        .close("GetHostedZoneCountResponse")))
        .add(
            "GET",
            "change/{Id}",
            "GetChange",
            c -> {
              Xml.Writer w = new Xml.Writer().openRoot("GetChangeResponse");
              changeInfo(w, changes.get(c.param("Id")));
              return Reply.ok(w.close("GetChangeResponse"));
            });
  }

  private Reply create(Call c) {
    Xml.El req = c.xml();
    if (req.child("VPC").isPresent())
      throw ApiException.invalidInput("The simulator holds public hosted zones only");
    String comment = req.child("HostedZoneConfig").map(h -> h.text("Comment")).orElse(null);
    HostedZone z = zones.create(req.text("Name"), req.text("CallerReference"), comment);
    Xml.Writer w = new Xml.Writer().openRoot("CreateHostedZoneResponse");
    hostedZone(w, z);
    changeInfo(w, changes.newChange(null));
    delegationSet(w, z);
    return Reply.created(w.close("CreateHostedZoneResponse"), "/2013-04-01/hostedzone/" + z.id());
  }

  private Reply get(Call c) {
    HostedZone z = zones.zone(c.param("Id"));
    Xml.Writer w = new Xml.Writer().openRoot("GetHostedZoneResponse");
    hostedZone(w, z);
    delegationSet(w, z);
    return Reply.ok(w.close("GetHostedZoneResponse"));
  }

  private Reply delete(Call c) {
    ChangeInfo ci = zones.delete(c.param("Id"));
    Xml.Writer w = new Xml.Writer().openRoot("DeleteHostedZoneResponse");
    changeInfo(w, ci);
    return Reply.ok(w.close("DeleteHostedZoneResponse"));
  }

  private Reply list(Call c) {
    int max = c.maxItems(100, 100);
    HostedZoneStore.Page<HostedZone> page = zones.list(c.query().get("marker"), max);
    Xml.Writer w = new Xml.Writer().openRoot("ListHostedZonesResponse").open("HostedZones");
    page.items().forEach(z -> hostedZone(w, z));
    w.close("HostedZones")
        .el("Marker", c.query().getOrDefault("marker", ""))
        .el("IsTruncated", page.nextMarker() != null)
        .el("NextMarker", page.nextMarker())
        .el("MaxItems", max);
    return Reply.ok(w.close("ListHostedZonesResponse"));
  }

  private Reply listByName(Call c) {
    int max = c.maxItems(100, 100);
    String dns = c.query().get("dnsname");
    String id = c.query().get("hostedzoneid");
    if (id != null && dns == null)
      throw ApiException.invalidInput("Invalid parameter: hostedzoneid requires dnsname");
    HostedZoneStore.Page<HostedZone> page = zones.listByName(dns, id, max);
    Xml.Writer w = new Xml.Writer().openRoot("ListHostedZonesByNameResponse").open("HostedZones");
    page.items().forEach(z -> hostedZone(w, z));
    w.close("HostedZones")
        .el("DNSName", dns)
        .el("HostedZoneId", id)
        .el("IsTruncated", page.nextMarker() != null);
    if (page.nextMarker() != null) {
      w.el("NextDNSName", zones.zone(page.nextMarker()).name())
          .el("NextHostedZoneId", page.nextMarker());
    }
    return Reply.ok(w.el("MaxItems", max).close("ListHostedZonesByNameResponse"));
  }

  private void hostedZone(Xml.Writer w, HostedZone z) {
    w.open("HostedZone")
        .el("Id", "/hostedzone/" + z.id())
        .el("Name", z.name())
        .el("CallerReference", z.callerReference())
        .open("Config")
        .el("Comment", z.comment())
        .el("PrivateZone", false)
        .close("Config")
        .el("ResourceRecordSetCount", zones.recordCount(z.id()))
        .close("HostedZone");
  }

  private void delegationSet(Xml.Writer w, HostedZone z) {
    w.open("DelegationSet").open("NameServers");
    zones
        .members(z.id(), z.name(), "NS")
        .forEach(
            r ->
                r.values()
                    .forEach(
                        v ->
                            w.el(
                                "NameServer",
                                v.endsWith(".") ? v.substring(0, v.length() - 1) : v)));
    w.close("NameServers").close("DelegationSet");
  }

  /** botocore ChangeInfo: Id, Status, SubmittedAt, Comment. */
  static void changeInfo(Xml.Writer w, ChangeInfo ci, java.time.Instant now) {
    w.open("ChangeInfo")
        .el("Id", "/change/" + ci.id())
        .el("Status", ci.status(now))
        .el("SubmittedAt", ci.submittedAt().truncatedTo(ChronoUnit.MILLIS))
        .el("Comment", ci.comment())
        .close("ChangeInfo");
  }

  private void changeInfo(Xml.Writer w, ChangeInfo ci) {
    changeInfo(w, ci, changes.now());
  }
}
