package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EnvDefaultsTest {
  @Test
  void variableNamesFollowTheContract() {
    assertThat(EnvDefaults.variableFor("--backend-address"))
        .isEqualTo("REGIONALEDGE_BACKEND_ADDRESS");
    assertThat(EnvDefaults.variableFor("--insecure-skip-backend-verify"))
        .isEqualTo("REGIONALEDGE_INSECURE_SKIP_BACKEND_VERIFY");
  }

  @Test
  void aVariableFillsAFlagAndTheFlagBeatsIt() {
    Map<String, String> env =
        Map.of("REGIONALEDGE_IDLE_TIMEOUT", "7s", "REGIONALEDGE_MAX_CONNECTIONS", "5");
    ProxyCommand fromEnv = new ProxyCommand();
    new CommandLine(fromEnv).setDefaultValueProvider(new EnvDefaults(env)).parseArgs();
    assertThat(fromEnv.idleTimeout).isEqualTo("7s");
    assertThat(fromEnv.maxConnections).isEqualTo(5);
    assertThat(fromEnv.listen).isEqualTo("0.0.0.0:8443");

    ProxyCommand fromFlag = new ProxyCommand();
    new CommandLine(fromFlag)
        .setDefaultValueProvider(new EnvDefaults(env))
        .parseArgs("--idle-timeout", "9s");
    assertThat(fromFlag.idleTimeout).isEqualTo("9s");
  }
}
