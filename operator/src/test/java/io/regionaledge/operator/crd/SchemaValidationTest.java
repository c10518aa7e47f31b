package io.regionaledge.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

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
    return CommittedCrdTest.committed().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  static ObjectNode example() throws Exception {
    return (ObjectNode) YAML.readTree(Files.readString(Path.of("..", "deploy", "examples", "fast.yaml")));
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
    assertThat(errorsAfter(s -> s.put("hostname", "Fast.Example.com"))).anyMatch(e -> e.startsWith(".spec.hostname"));
    assertThat(errorsAfter(s -> s.put("hostname", "https://fast.example.com"))).isNotEmpty();
    assertThat(errorsAfter(s -> s.put("hostname", "localhost"))).as("one label").isNotEmpty();
    assertThat(errorsAfter(s -> s.put("hostname", "fast.example.com."))).as("trailing dot").isNotEmpty();
  }

  @Test
  void aRegionNameMustLookLikeAnAwsRegion() throws Exception {
    assertThat(errorsAfter(s -> region(s, 0).put("name", "us-east"))).anyMatch(e -> e.contains("regions[0].name"));
    assertThat(errorsAfter(s -> region(s, 0).put("name", "US-EAST-1"))).isNotEmpty();
    assertThat(errorsAfter(s -> region(s, 0).put("name", "us-gov-west-1"))).isEmpty();
  }

  @Test
  void rangesAreEnforced() throws Exception {
    assertThat(errorsAfter(s -> region(s, 0).put("replicas", 101))).anyMatch(e -> e.contains("replicas: must be <= 100"));
    assertThat(errorsAfter(s -> region(s, 0).put("replicas", -1))).isNotEmpty();
    assertThat(errorsAfter(s -> ((ObjectNode) region(s, 0).get("backend")).put("port", 70000))).isNotEmpty();
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns").get("healthCheck")).put("failureThreshold", 11)))
        .anyMatch(e -> e.contains("failureThreshold"));
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns")).put("ttl", 0))).isNotEmpty();
  }

  @Test
  void theHealthCheckIntervalIsTenOrThirtySeconds() throws Exception {
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns").get("healthCheck")).put("requestInterval", 20)))
        .anyMatch(e -> e.contains("requestInterval must be 10 or 30"));
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns").get("healthCheck")).put("requestInterval", 30))).isEmpty();
  }

  @Test
  void aHostedZoneMustBeNamedByIdOrName() throws Exception {
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns")).remove("hostedZoneName")))
        .anyMatch(e -> e.contains("set hostedZoneId or hostedZoneName"));
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns")).put("hostedZoneId", "Z0123ABC"))).isEmpty();
    assertThat(errorsAfter(s -> ((ObjectNode) s.get("dns")).put("hostedZoneId", "/hostedzone/Z1"))).isNotEmpty();
  }

  @Test
  void aRegionListedTwiceIsRejected() throws Exception {
    assertThat(errorsAfter(s -> region(s, 1).put("name", "us-east-1")))
        .anyMatch(e -> e.contains("each region may be listed only once"));
  }

  @Test
  void requiredFieldsAndAtLeastOneRegion() throws Exception {
    assertThat(errorsAfter(s -> s.remove("tlsSecretName"))).anyMatch(e -> e.contains("tlsSecretName: Required"));
    assertThat(errorsAfter(s -> ((ObjectNode) region(s, 0).get("backend")).remove("host")))
        .anyMatch(e -> e.contains("backend.host: Required"));
    assertThat(errorsAfter(s -> ((ArrayNode) s.get("regions")).removeAll())).anyMatch(e -> e.contains("at least 1"));
  }

  @Test
  void aBackendAddressIsHostColonPort() throws Exception {
    assertThat(errorsAfter(s -> ((ObjectNode) region(s, 0).get("backend")).put("address", "10.0.0.1:443"))).isEmpty();
    assertThat(errorsAfter(s -> ((ObjectNode) region(s, 0).get("backend")).put("address", "[2001:db8::1]:443"))).isEmpty();
    assertThat(errorsAfter(s -> ((ObjectNode) region(s, 0).get("backend")).put("address", "10.0.0.1"))).isNotEmpty();
    assertThat(errorsAfter(s -> ((ObjectNode) region(s, 0).get("backend")).put("address", "https://x:443"))).isNotEmpty();
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
  void everyCelRuleCompiles() throws Exception {
    JsonNode crd = YAML.readTree(Files.readString(CommittedCrdTest.COMMITTED));
    List<JsonNode> rules = crd.findValues("rule");
    assertThat(rules).hasSize(3);
  }
}
