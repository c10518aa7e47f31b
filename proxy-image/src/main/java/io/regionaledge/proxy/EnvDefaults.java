package io.regionaledge.proxy;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * Every flag falls back to {@code REGIONALEDGE_<FLAG_NAME>}; a flag given on the command line wins.
 */
final class EnvDefaults implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> env;

  EnvDefaults(Map<String, String> env) {
    this.env = env;
  }

  static String variableFor(String longName) {
    return "REGIONALEDGE_"
        + longName.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(CommandLine.Model.ArgSpec spec) {
    if (spec instanceof CommandLine.Model.OptionSpec option && !option.usageHelp()) {
      String value = env.get(variableFor(option.longestName()));
      return value == null || value.isEmpty() ? null : value;
    }
    return null;
  }
}
