package io.regionaledge.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the Service registry fills in and keeps: a cluster IP and its family fields, node ports for
 * NodePort and LoadBalancer Services, a health-check node port for externalTrafficPolicy Local
 * (kubernetes pkg/registry/core/service/storage/alloc.go allocateCreate / txnUpdate), and, on an
 * update that omits them, the values already allocated (storage.go patchAllocatedValues). A change
 * of an allocated or once-set field is refused as the validation does (core/validation
 * ValidateServiceUpdate: clusterIPs, loadBalancerClass "may not change once set").
 */
final class ServiceAllocator {
  /** EKS's default service CIDR is 10.100.0.0/16 (or 172.20.0.0/16). */
  private static final String PREFIX = "10.100.";

  /** --service-node-port-range default 30000-32767 (kube-apiserver options). */
  private static final int NODE_PORT_MIN = 30000;

  private static final int NODE_PORT_MAX = 32767;

  private int nextIp = 1;
  private int nextPort = NODE_PORT_MIN;
  private final Set<Integer> usedPorts = new HashSet<>();

  /** Fills allocated fields in place; returns the field errors of an illegal change. */
  synchronized List<ObjectValidation.FieldError> allocate(ObjectNode service, JsonNode old) {
    ObjectNode spec = ServerDefaults.obj(service, "spec");
    JsonNode oldSpec = old == null ? null : old.path("spec");
    if (oldSpec != null) {
      for (String kept :
          new String[] {
            "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "healthCheckNodePort"
          }) {
        if (!spec.has(kept) && oldSpec.has(kept)) {
          spec.set(kept, oldSpec.get(kept));
        }
      }
      if (!oldSpec.path("clusterIP").asText().isEmpty()
          && !oldSpec.path("clusterIP").equals(spec.path("clusterIP"))) {
        return List.of(
            new ObjectValidation.FieldError(
                "spec.clusterIPs[0]",
                "Invalid value",
                spec.path("clusterIP").asText(),
                "may not change once set"));
      }
      if (oldSpec.has("loadBalancerClass")
          && !oldSpec.path("loadBalancerClass").equals(spec.path("loadBalancerClass"))) {
        return List.of(
            new ObjectValidation.FieldError(
                "spec.loadBalancerClass",
                "Invalid value",
                spec.path("loadBalancerClass").asText(),
                "may not change once set"));
      }
    }
    String type = spec.path("type").asText("ClusterIP");
    if (!type.equals("ExternalName")) {
      if (spec.path("clusterIP").asText().isEmpty()) {
        String ip = PREFIX + (nextIp / 250) + "." + (nextIp % 250 + 1);
        nextIp++;
        spec.put("clusterIP", ip);
      }
      if (!spec.has("clusterIPs")) {
        spec.putArray("clusterIPs").add(spec.path("clusterIP").asText());
      }
      if (!spec.has("ipFamilies")) {
        spec.putArray("ipFamilies").add("IPv4");
      }
      if (!spec.has("ipFamilyPolicy")) {
        spec.put("ipFamilyPolicy", "SingleStack");
      }
    }
    boolean nodePorts =
        type.equals("NodePort")
            || (type.equals("LoadBalancer")
                && spec.path("allocateLoadBalancerNodePorts").asBoolean(true));
    if (nodePorts && spec.get("ports") instanceof ArrayNode ports) {
      for (JsonNode p : ports) {
        ObjectNode port = (ObjectNode) p;
        if (port.path("nodePort").asInt(0) == 0) {
          JsonNode previous = oldSpec == null ? null : samePort(oldSpec.path("ports"), port);
          port.put("nodePort", previous != null ? previous.path("nodePort").asInt() : freePort());
        }
      }
    }
    if (type.equals("LoadBalancer")
        && "Local".equals(spec.path("externalTrafficPolicy").asText())
        && spec.path("healthCheckNodePort").asInt(0) == 0) {
      spec.put("healthCheckNodePort", freePort());
    }
    return List.of();
  }

  private static JsonNode samePort(JsonNode oldPorts, JsonNode port) {
    for (JsonNode o : oldPorts) {
      if (o.path("port").equals(port.path("port"))
          && o.path("protocol").equals(port.path("protocol"))
          && o.path("nodePort").asInt(0) != 0) {
        return o;
      }
    }
    return null;
  }

  private int freePort() {
    for (int i = 0; i <= NODE_PORT_MAX - NODE_PORT_MIN; i++) {
      int candidate = nextPort;
      nextPort = nextPort == NODE_PORT_MAX ? NODE_PORT_MIN : nextPort + 1;
      if (usedPorts.add(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("node port range exhausted");
  }
}
