package io.regionaledge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  @Test
  void helpListsTheFlags() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--region",
            "--namespace",
            "--admin-port",
            "--[no-]leader-election",
            "--lease-name",
            "--lease-namespace",
            "--max-reconcile-interval",
            "--route53-endpoint");
  }

  @Test
  void flagsBecomeSettings() {
    Main main = new Main();
    new CommandLine(main)
        .parseArgs(
            "--region",
            "eu-west-1",
            "-n",
            "a,b",
            "--namespace",
            "c",
            "--admin-port",
            "0",
            "--no-leader-election",
            "--lease-name",
            "l",
            "--lease-namespace",
            "ops",
            "--identity",
            "me",
            "--max-reconcile-interval",
            "2m");
    OperatorSettings s = main.settings(main.region);
    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(s.namespaces()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(s.adminPort()).isZero();
    assertThat(s.leaderElection()).isFalse();
    assertThat(s.leaseName()).isEqualTo("l");
    assertThat(s.leaseNamespace()).isEqualTo("ops");
    assertThat(s.identity()).isEqualTo("me");
    assertThat(s.maxReconcileInterval()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void leaderElectionIsOnByDefault() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--region", "us-east-1");
    assertThat(main.settings("us-east-1").leaderElection()).isTrue();
  }

  @Test
  void aBadDurationIsRejectedWithAClearMessage() {
    assertThatThrownBy(
            () -> new CommandLine(new Main()).parseArgs("--max-reconcile-interval", "soon"))
        .hasMessageContaining("not a duration");
  }

  @Test
  void theReconcileIntervalTakesTheSameDurationsAsTheRoute53Flags() {
    Main main = new Main();
    new CommandLine(main)
        .parseArgs(
            "--region", "us-east-1", "--max-reconcile-interval", "PT2M", "--dns-resync", "PT2M");
    assertThat(main.settings("us-east-1").maxReconcileInterval())
        .isEqualTo(java.time.Duration.ofMinutes(2))
        .isEqualTo(main.route53.resync());
  }

  @Test
  void theDefaultReconcileIntervalIsTheOneEmbeddedOperatorsGet() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--region", "us-east-1");
    assertThat(main.settings("us-east-1").maxReconcileInterval())
        .isEqualTo(OperatorSettings.embedded("us-east-1").maxReconcileInterval())
        .isEqualTo(java.time.Duration.ofSeconds(60));
  }
}
