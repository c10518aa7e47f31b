package io.regionaledge.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The defaults kube-apiserver writes into an object on every create and update, applied to the
 * decoded JSON. Each method names the Kubernetes function it mirrors, in
 * pkg/apis/apps/v1/defaults.go and pkg/apis/core/v1/defaults.go (release-1.30). Quantities are
 * stored in canonical form (see {@link Quantities}).
 */
public final class ServerDefaults {
  private ServerDefaults() {}

  /** Applies the defaults of the object's kind in place; kinds without defaults are left alone. */
  public static void apply(ObjectNode object) {
    String kind = object.path("kind").asText();
    switch (kind) {
      case "Deployment" -> deployment(object);
      case "Pod" -> pod(object);
      case "Service" -> service(object);
      default -> {}
    }
  }

  /** apps/v1 SetDefaults_Deployment. */
  static void deployment(ObjectNode deployment) {
    ObjectNode spec = obj(deployment, "spec");
    putIfAbsent(spec, "replicas", 1);
    ObjectNode strategy = obj(spec, "strategy");
    if (strategy.path("type").asText().isEmpty()) {
      strategy.put("type", "RollingUpdate");
    }
    if (strategy.path("type").asText().equals("RollingUpdate")) {
      ObjectNode rolling = obj(strategy, "rollingUpdate");
      if (!rolling.has("maxUnavailable")) {
        rolling.put("maxUnavailable", "25%");
      }
      if (!rolling.has("maxSurge")) {
        rolling.put("maxSurge", "25%");
      }
    }
    putIfAbsent(spec, "revisionHistoryLimit", 10);
    putIfAbsent(spec, "progressDeadlineSeconds", 600);
    ObjectNode template = obj(spec, "template");
    podSpec(obj(template, "spec"));
  }

  /** core/v1 SetDefaults_Pod plus SetDefaults_PodSpec. */
  static void pod(ObjectNode pod) {
    ObjectNode spec = obj(pod, "spec");
    podSpec(spec);
    if (!spec.has("enableServiceLinks")) {
      spec.put("enableServiceLinks", true);
    }
    // SetDefaults_Pod: a container's limits become its requests where requests are not given.
    for (JsonNode c : arr(spec, "containers")) {
      ObjectNode resources = obj((ObjectNode) c, "resources");
      JsonNode limits = resources.get("limits");
      if (limits instanceof ObjectNode l && l.size() > 0) {
        ObjectNode requests = obj(resources, "requests");
        for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!requests.has(e.getKey())) {
            requests.set(e.getKey(), e.getValue());
          }
        }
      }
      if (resources.isEmpty()) {
        ((ObjectNode) c).remove("resources");
      }
    }
  }

  /** core/v1 SetDefaults_PodSpec and the per-field defaults it reaches. */
  static void podSpec(ObjectNode spec) {
    if (spec.path("dnsPolicy").asText().isEmpty()) {
      spec.put("dnsPolicy", "ClusterFirst");
    }
    if (spec.path("restartPolicy").asText().isEmpty()) {
      spec.put("restartPolicy", "Always");
    }
    if (!spec.has("securityContext")) {
      spec.set("securityContext", spec.objectNode());
    }
    putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
    if (spec.path("schedulerName").asText().isEmpty()) {
      spec.put("schedulerName", "default-scheduler");
    }
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : arr(spec, list)) {
        container((ObjectNode) c, spec.path("hostNetwork").asBoolean(false));
      }
    }
    for (JsonNode v : arr(spec, "volumes")) {
      volume((ObjectNode) v);
    }
  }

  /**
   * SetDefaults_Container, SetDefaults_ContainerPort, SetDefaults_Probe, SetDefaults_HTTPGetAction.
   */
  static void container(ObjectNode container, boolean hostNetwork) {
    if (container.path("imagePullPolicy").asText().isEmpty()) {
      // SetDefaults_Container: Always for ":latest" or no tag, IfNotPresent otherwise.
      String image = container.path("image").asText();
      String tagged = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1);
      boolean latest =
          !tagged.equals("digest") && (!tagged.contains(":") || tagged.endsWith(":latest"));
      container.put("imagePullPolicy", latest ? "Always" : "IfNotPresent");
    }
    if (container.path("terminationMessagePath").asText().isEmpty()) {
      container.put("terminationMessagePath", "/dev/termination-log");
    }
    if (container.path("terminationMessagePolicy").asText().isEmpty()) {
      container.put("terminationMessagePolicy", "File");
    }
    for (JsonNode p : arr(container, "ports")) {
      ObjectNode port = (ObjectNode) p;
      if (port.path("protocol").asText().isEmpty()) {
        port.put("protocol", "TCP");
      }
      // SetDefaults_PodSpec: with hostNetwork the host port is the container port.
      if (hostNetwork && !port.has("hostPort")) {
        port.set("hostPort", port.get("containerPort"));
      }
    }
    for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      if (container.get(probe) instanceof ObjectNode p) {
        putIfAbsent(p, "timeoutSeconds", 1);
        putIfAbsent(p, "periodSeconds", 10);
        putIfAbsent(p, "successThreshold", 1);
        putIfAbsent(p, "failureThreshold", 3);
        if (p.get("httpGet") instanceof ObjectNode get) {
          if (get.path("path").asText().isEmpty()) {
            get.put("path", "/");
          }
          if (get.path("scheme").asText().isEmpty()) {
            get.put("scheme", "HTTP");
          }
        }
      }
    }
    for (JsonNode e : arr(container, "env")) {
      // SetDefaults_ObjectFieldSelector
      if (e.path("valueFrom").get("fieldRef") instanceof ObjectNode ref
          && ref.path("apiVersion").asText().isEmpty()) {
        ref.put("apiVersion", "v1");
      }
    }
    if (container.get("resources") instanceof ObjectNode resources) {
      canonicalise(resources.get("limits"));
      canonicalise(resources.get("requests"));
    }
  }

  /**
   * SetDefaults_SecretVolumeSource, SetDefaults_ConfigMapVolumeSource (0644), emptyDir sizeLimit
   * canonical.
   */
  static void volume(ObjectNode volume) {
    for (String source : new String[] {"secret", "configMap", "projected", "downwardAPI"}) {
      if (volume.get(source) instanceof ObjectNode s && !s.has("defaultMode")) {
        s.put("defaultMode", 420);
      }
    }
    if (volume.get("emptyDir") instanceof ObjectNode dir && dir.get("sizeLimit") != null) {
      dir.put("sizeLimit", Quantities.canonical(dir.get("sizeLimit").asText()));
    }
  }

  /** core/v1 SetDefaults_Service (allocation of IPs and ports is {@link ServiceAllocator}'s). */
  static void service(ObjectNode service) {
    ObjectNode spec = obj(service, "spec");
    if (spec.path("sessionAffinity").asText().isEmpty()) {
      spec.put("sessionAffinity", "None");
    }
    if (spec.path("type").asText().isEmpty()) {
      spec.put("type", "ClusterIP");
    }
    String type = spec.path("type").asText();
    for (JsonNode p : arr(spec, "ports")) {
      ObjectNode port = (ObjectNode) p;
      if (port.path("protocol").asText().isEmpty()) {
        port.put("protocol", "TCP");
      }
      JsonNode target = port.get("targetPort");
      if (target == null
          || target.isNull()
          || (target.isInt() && target.asInt() == 0)
          || (target.isTextual() && target.asText().isEmpty())) {
        port.set("targetPort", port.get("port"));
      }
    }
    if ((type.equals("NodePort") || type.equals("LoadBalancer"))
        && spec.path("externalTrafficPolicy").asText().isEmpty()) {
      spec.put("externalTrafficPolicy", "Cluster");
    }
    if (!type.equals("ExternalName") && spec.path("internalTrafficPolicy").asText().isEmpty()) {
      spec.put("internalTrafficPolicy", "Cluster");
    }
    if (type.equals("LoadBalancer") && !spec.has("allocateLoadBalancerNodePorts")) {
      spec.put("allocateLoadBalancerNodePorts", true);
    }
  }

  private static void canonicalise(JsonNode resourceList) {
    if (resourceList instanceof ObjectNode list) {
      for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        e.setValue(list.textNode(Quantities.canonical(e.getValue().asText())));
      }
    }
  }

  static ObjectNode obj(ObjectNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node instanceof ObjectNode o) {
      return o;
    }
    return parent.putObject(field);
  }

  private static ArrayNode arr(ObjectNode parent, String field) {
    return parent.get(field) instanceof ArrayNode a ? a : parent.arrayNode();
  }

  private static void putIfAbsent(ObjectNode node, String field, int value) {
    if (!node.has(field) || node.get(field).isNull()) {
      node.put(field, value);
    }
  }
}
