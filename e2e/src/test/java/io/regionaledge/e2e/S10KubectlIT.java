package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.pki.Leaf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A person with a real kubectl against the world's us-east-1 API server. */
@Order(90)
class S10KubectlIT {
  @RegisterExtension static final WorldExtension WORLD = new WorldExtension();
  static final String REGION = "us-east-1";
  static final String NS = "kubectl";
  static final String HOST = "kubectl.example.com";

  @Test
  void kubectlShowsTheColumnsAppliesEditsAndDeletesARegionalEdge() throws Exception {
    World world = WORLD.world();
    Cluster cluster = world.cluster(REGION);
    Path dir = world.workDir().resolve("kubectl");
    Files.createDirectories(dir);
    Kubectl kubectl = Kubectl.against(cluster.writeKubeconfig(dir.resolve("kubeconfig-" + REGION)));

    String table = kubectl.run("get", "regionaledges", "-n", World.NAMESPACE).ok().out();
    assertThat(table.lines().findFirst().orElse(""))
        .matches("NAME\\s+HOSTNAME\\s+REGION\\s+READY\\s+DNS\\s+AGE\\s*");
    assertThat(table)
        .containsPattern("fast\\s+fast\\.example\\.com\\s+us-east-1\\s+2/2\\s+Synced\\s+\\d+[smh]");
    assertThat(kubectl.run("get", "redge", "fast", "-n", World.NAMESPACE, "-o", "yaml").ok().out())
        .contains("kind: RegionalEdge")
        .contains("ready: 2/2")
        .contains("hostname: fast.example.com");

    // A second service, installed the way the README says: namespace, TLS Secret, manifest.
    Leaf leaf = world.ca().issue(HOST);
    leaf.writeTo(dir);
    kubectl.run("create", "namespace", NS).ok();
    kubectl
        .run(
            "create",
            "secret",
            "tls",
            "kubectl-tls",
            "-n",
            NS,
            "--cert=" + dir.resolve("tls.crt"),
            "--key=" + dir.resolve("tls.key"))
        .ok();
    RegionalEdge edge = world.edge("kubectl", HOST, 8444);
    edge.getMetadata().setNamespace(NS);
    edge.getSpec().setTlsSecretName("kubectl-tls");
    edge.getSpec().getRegions().removeIf(r -> !r.getName().equals(REGION));
    Path manifest = dir.resolve("kubectl.yaml");
    Files.writeString(manifest, Serialization.asYaml(edge));
    // The test server publishes no OpenAPI document, which kubectl's client-side validation needs.
    assertThat(kubectl.run("apply", "--validate=false", "-f", manifest.toString()).ok().out())
        .contains("created");

    awaitRow(kubectl, "2/2", "Synced");
    assertThat(world.zone().userRecords()).anyMatch(r -> r.name().startsWith(HOST));

    // kubectl edit: the editor is a script that lowers the replicas, as a person would by hand.
    Path editor = dir.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/replicas: 2/replicas: 1/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    assertThat(
            kubectl
                .run(
                    Map.of("KUBE_EDITOR", editor.toString()),
                    "edit",
                    "--validate=false",
                    "regionaledge",
                    "kubectl",
                    "-n",
                    NS)
                .ok()
                .out())
        .contains("edited");
    awaitRow(kubectl, "1/1", "Synced");

    assertThat(kubectl.run("delete", "regionaledge", "kubectl", "-n", NS).ok().out())
        .contains("deleted");
    Checks.await(
        "the zone holds nothing of " + HOST,
        Duration.ofSeconds(60),
        Duration.ofMillis(200),
        () -> world.zone().userRecords().stream().noneMatch(r -> r.name().contains(HOST)));
    assertThat(kubectl.run("get", "regionaledges", "-n", NS).ok().err())
        .contains("No resources found");
  }

  private static void awaitRow(Kubectl kubectl, String ready, String dns) {
    AtomicReference<String> last = new AtomicReference<>("");
    try {
      Checks.await(
          "kubectl get shows " + ready + " " + dns,
          Duration.ofSeconds(60),
          Duration.ofMillis(500),
          () -> {
            last.set(kubectl.run("get", "regionaledges", "-n", NS).out());
            return last.get()
                .matches(
                    "(?s).*kubectl\\s+"
                        + HOST.replace(".", "\\.")
                        + "\\s+"
                        + REGION
                        + "\\s+"
                        + ready
                        + "\\s+"
                        + dns
                        + ".*");
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last kubectl get:\n" + last.get(), e);
    }
  }
}
