package io.regionaledge.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One public hostname served from the closest healthy region. The same manifest is applied in every
 * regional cluster; each cluster's operator reconciles only its own region's entry.
 */
@Group(RegionalEdge.GROUP)
@Version(RegionalEdge.VERSION)
@Kind("RegionalEdge")
@Plural("regionaledges")
@ShortNames("redge")
@AdditionalPrinterColumn(name = "HOSTNAME", jsonPath = ".spec.hostname")
@AdditionalPrinterColumn(name = "REGION", jsonPath = ".status.region")
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.ready")
@AdditionalPrinterColumn(name = "DNS", jsonPath = ".status.dns")
@AdditionalPrinterColumn(name = "CHECKERS", jsonPath = ".status.checkers", priority = 1)
@AdditionalPrinterColumn(
    name = "CHECKS",
    jsonPath = ".status.dnsRecords.cost.healthChecks",
    priority = 1,
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "COST", jsonPath = ".status.dnsRecords.cost.monthly", priority = 1)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RegionalEdge extends CustomResource<RegionalEdgeSpec, RegionalEdgeStatus>
    implements Namespaced {
  public static final String GROUP = "edge.regionaledge.io";
  public static final String VERSION = "v1alpha1";

  // No initStatus(): a status that exists only locally makes JSON patches address /status/...,
  // which fails against a server holding no status. Null until the operator first writes it.
}
