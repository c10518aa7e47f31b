package io.regionaledge.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The committed CRD's schema rejects nonsense before the operator ever sees it. */
class SchemaValidationTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static JSONSchemaProps schema() throws Exception {
    return CommittedCrdTest.committed()
        .getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema();
  }

  static ObjectNode example() throws Exception {
    return (ObjectNode)
        YAML.readTree(Files.readString(Path.of("..", "deploy", "examples", "fast.yaml")));
  }

  static List<String> errorsAfter(Consumer<ObjectNode> change) throws Exception {
    ObjectNode edge = example();
    change.accept((ObjectNode) edge.get("spec"));
    return SchemaCheck.validate(schema(), edge);
  }

  static ObjectNode region(ObjectNode spec, int i) {
    return (ObjectNode) spec.get("regions").get(i);
  }

  @Test
  void theExampleIsValid() throws Exception {
    assertThat(SchemaCheck.validate(schema(), example())).isEmpty();
  }

  @Test
  void aHostnameThatIsNotALowerCaseDnsNameIsRejected() throws Exception {
    assertThat(errorsAfter(s -> s.put("hostname", "Fast.Example.com")))
        .anyMatch(e -> e.startsWith(".spec.hostname"));
    assertThat(errorsAfter(s -> s.put("hostname", "https://fast.example.com"))).isNotEmpty();
    assertThat(errorsAfter(s -> s.put("hostname", "localhost"))).as("one label").isNotEmpty();
    assertThat(errorsAfter(s -> s.put("hostname", "fast.example.com.")))
        .as("trailing dot")
        .isNotEmpty();
  }

  @Test
  void aRegionNameMustLookLikeAnAwsRegion() throws Exception {
    assertThat(errorsAfter(s -> region(s, 0).put("name", "us-east")))
        .anyMatch(e -> e.contains("regions[0].name"));
    assertThat(errorsAfter(s -> region(s, 0).put("name", "US-EAST-1"))).isNotEmpty();
    assertThat(errorsAfter(s -> region(s, 0).put("name", "us-gov-west-1"))).isEmpty();
  }

  @Test
  void rangesAreEnforced() throws Exception {
    assertThat(errorsAfter(s -> region(s, 0).put("replicas", 101)))
        .anyMatch(e -> e.contains("replicas: must be <= 100"));
    assertThat(errorsAfter(s -> region(s, 0).put("replicas", -1))).isNotEmpty();
    assertThat(errorsAfter(s -> ((ObjectNode) region(s, 0).get("backend")).put("port", 70000)))
        .isNotEmpty();
    assertThat(
            errorsAfter(
                s -> ((ObjectNode) s.get("dns").get("healthCheck")).put("failureThreshold", 11)))
        .anyMatch(e -> e.contains("failureThreshold"));
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns")).put("ttl", 0))).isNotEmpty();
  }

  @Test
  void theHealthCheckIntervalIsTenOrThirtySeconds() throws Exception {
    assertThat(
            errorsAfter(
                s -> ((ObjectNode) s.get("dns").get("healthCheck")).put("requestInterval", 20)))
        .anyMatch(e -> e.contains("requestInterval must be 10 or 30"));
    assertThat(
            errorsAfter(
                s -> ((ObjectNode) s.get("dns").get("healthCheck")).put("requestInterval", 30)))
        .isEmpty();
  }

  @Test
  void aHostedZoneMustBeNamedByIdOrName() throws Exception {
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns")).remove("hostedZoneName")))
        .anyMatch(e -> e.contains("set hostedZoneId or hostedZoneName"));
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns")).put("hostedZoneId", "Z0123ABC")))
        .isEmpty();
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns")).put("hostedZoneId", "/hostedzone/Z1")))
        .isNotEmpty();
  }

  static List<String> errorsWithName(String name) throws Exception {
    ObjectNode edge = example();
    ((ObjectNode) edge.get("metadata")).put("name", name);
    return SchemaCheck.validate(schema(), edge);
  }

  @Test
  void aRegionListedTwiceIsRejectedByTheListMapKeyedByName() throws Exception {
    assertThat(errorsAfter(s -> region(s, 1).put("name", "us-east-1")))
        .containsExactly(".spec.regions[1]: Duplicate value: {\"name\":\"us-east-1\"}");
    // The same backend in two regions is fine: only the key counts.
    assertThat(
            errorsAfter(s -> region(s, 1).set("backend", region(s, 0).get("backend").deepCopy())))
        .isEmpty();
  }

  @Test
  void aListMapWithoutKeysIsACrdTheServerRefuses() throws Exception {
    JSONSchemaProps broken = schema();
    broken
        .getProperties()
        .get("spec")
        .getProperties()
        .get("regions")
        .setXKubernetesListMapKeys(null);
    assertThatThrownBy(() -> SchemaCheck.validate(broken, example()))
        .hasMessageContaining("list-map-keys");
  }

  @Test
  void aNameThatCannotNameTheProxyServiceIsRejectedAtAdmission() throws Exception {
    assertThat(errorsWithName("fast.example.com"))
        .anyMatch(e -> e.contains("must be a DNS-1035 label"));
    assertThat(errorsWithName("1fast")).anyMatch(e -> e.contains("must be a DNS-1035 label"));
    assertThat(errorsWithName("a".repeat(58))).anyMatch(e -> e.contains("at most 57 characters"));
    assertThat(errorsWithName("a".repeat(57))).isEmpty();
    assertThat(errorsWithName("fast-eu2")).isEmpty();
  }

  @Test
  void requiredFieldsAndAtLeastOneRegion() throws Exception {
    assertThat(errorsAfter(s -> s.remove("tlsSecretName")))
        .anyMatch(e -> e.contains("tlsSecretName: Required"));
    assertThat(errorsAfter(s -> ((ObjectNode) region(s, 0).get("backend")).remove("host")))
        .anyMatch(e -> e.contains("backend.host: Required"));
    assertThat(errorsAfter(s -> ((ArrayNode) s.get("regions")).removeAll()))
        .anyMatch(e -> e.contains("at least 1"));
  }

  @Test
  void aBackendAddressIsHostColonPort() throws Exception {
    assertThat(
            errorsAfter(
                s -> ((ObjectNode) region(s, 0).get("backend")).put("address", "10.0.0.1:443")))
        .isEmpty();
    assertThat(
            errorsAfter(
                s ->
                    ((ObjectNode) region(s, 0).get("backend")).put("address", "[2001:db8::1]:443")))
        .isEmpty();
    assertThat(
            errorsAfter(s -> ((ObjectNode) region(s, 0).get("backend")).put("address", "10.0.0.1")))
        .isNotEmpty();
    assertThat(
            errorsAfter(
                s -> ((ObjectNode) region(s, 0).get("backend")).put("address", "https://x:443")))
        .isNotEmpty();
  }

  @Test
  void exposureAndDurationsAreChecked() throws Exception {
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("exposure")).put("type", "NodePort")))
        .anyMatch(e -> e.contains("exposure.type"));
    assertThat(errorsAfter(s -> s.putObject("proxy").put("responseTimeout", "30 seconds")))
        .anyMatch(e -> e.contains("responseTimeout"));
    assertThat(errorsAfter(s -> s.putObject("proxy").put("responseTimeout", "1500ms"))).isEmpty();
  }

  @Test
  void everyCelRuleCompilesAndTheDuplicateRegionRuleIsGone() throws Exception {
    JsonNode crd = YAML.readTree(Files.readString(CommittedCrdTest.COMMITTED));
    List<String> rules = crd.findValues("rule").stream().map(JsonNode::asText).toList();
    assertThat(rules)
        .containsExactlyInAnyOrder(
            "has(self.hostedZoneId) || has(self.hostedZoneName)",
            "self == 10 || self == 30",
            "self.metadata.name.size() <= 57",
            "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')");
    rules.forEach(SchemaCheck::compile);
  }

  @Test
  void aStringLongerThanItsMaxLengthIsRejected() throws Exception {
    assertThat(
            errorsAfter(
                s -> ((ObjectNode) s.get("dns")).put("hostedZoneName", "a".repeat(250) + ".com")))
        .anyMatch(e -> e.contains("hostedZoneName: may be at most 253 characters"));
    assertThat(
            errorsAfter(
                s ->
                    s.putObject("proxy")
                        .putObject("resources")
                        .putObject("limits")
                        .put("cpu", "1".repeat(65))))
        .anyMatch(e -> e.contains("limits.cpu: may be at most 64 characters"));
  }
}
