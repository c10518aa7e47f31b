package io.regionaledge.operator.dns;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.api.RegionSpec;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.operator.api.RegionalEdgeSpec;
import java.util.List;

/** Test resources. */
final class Edges {
  private Edges() {}

  static RegionalEdge edge(String name, String hostname, String... regions) {
    RegionalEdge e = new RegionalEdge();
    e.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("shop")
            .withName(name)
            .withUid("uid-" + name)
            .build());
    RegionalEdgeSpec spec = new RegionalEdgeSpec();
    spec.setHostname(hostname);
    spec.setTlsSecretName("tls");
    for (String r : regions) {
      RegionSpec rs = new RegionSpec();
      rs.setName(r);
      rs.getBackend().setHost(r + "-" + hostname);
      spec.getRegions().add(rs);
    }
    e.setSpec(spec);
    return e;
  }

  static InstanceStatus ready(String pod, String address) {
    return new InstanceStatus(pod, "node-" + pod, address, true);
  }

  static InstanceStatus unready(String pod, String address) {
    return new InstanceStatus(pod, "node-" + pod, address, false);
  }

  static List<InstanceStatus> list(InstanceStatus... i) {
    return List.of(i);
  }
}
