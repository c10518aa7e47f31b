package io.regionaledge.operator;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: identifiers that are not functions, keywords, labels
 * or durations.
 */
final class PromQlNames {
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "inf",
          "nan",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right");
  private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private PromQlNames() {}

  static Set<String> of(String expr) {
    String s =
        expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ") // string literals
            .replaceAll("\\{[^}]*}", " ") // label matchers
            .replaceAll("\\[[^]]*]", " ") // ranges and subqueries
            .replaceAll(
                "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
                " "); // label lists
    Set<String> names = new TreeSet<>();
    Matcher m = IDENT.matcher(s);
    while (m.find()) {
      String id = m.group();
      boolean call = s.substring(m.end()).matches("(?s)\\s*\\(.*");
      char before = m.start() > 0 ? s.charAt(m.start() - 1) : ' ';
      boolean variable = before == '$';
      boolean unit = Character.isDigit(before) || before == '.'; // the m of 5m, the e of 1e3
      if (!call
          && !variable
          && !unit
          && !KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
        names.add(id);
      }
    }
    return names;
  }

  static Set<String> of(List<String> exprs) {
    Set<String> all = new TreeSet<>();
    exprs.forEach(e -> all.addAll(of(e)));
    return all;
  }
}
