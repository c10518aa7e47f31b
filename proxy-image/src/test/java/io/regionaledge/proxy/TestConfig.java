package io.regionaledge.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A ProxyConfig as the command line makes it (the files named need not exist: only Main reads
 * them).
 */
final class TestConfig {
  private TestConfig() {}

  static ProxyConfig config(String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of("--cert", "tls.crt", "--key", "tls.key", "--backend", TestPki.BACKEND_NAME));
    args.addAll(List.of(flags));
    ProxyCommand cmd = new ProxyCommand();
    new CommandLine(cmd)
        .setDefaultValueProvider(new EnvDefaults(Map.of()))
        .setOverwrittenOptionsAllowed(true)
        .parseArgs(args.toArray(String[]::new));
    return cmd.toConfig();
  }

  /**
   * What the stages need, with no pools (nothing here reaches a backend) and the access log off.
   */
  static Shared shared(ProxyConfig config) {
    return new Shared(config, new ProxyMetrics(), null, new Readiness(config), Map.of());
  }
}
