package io.regionaledge.testkit.route53;

import java.util.Map;

/**
 * One routed request: its action, the path's named segments (e.g. {@code Id}), the query and the
 * body; with the parameter parsing every action shares.
 */
record Call(
    String action,
    String method,
    Map<String, String> params,
    Map<String, String> query,
    byte[] body) {
  String param(String name) {
    String v = params.get(name);
    if (v == null) throw new IllegalStateException("route has no path parameter " + name);
    return v;
  }

  Xml.El xml() {
    return Xml.parse(body);
  }

  int maxItems(int dflt, int limit) {
    String s = query.get("maxitems");
    if (s == null) return dflt;
    int v = intOr(s, -1);
    if (v < 1)
      throw ApiException.invalidInput(
          "Invalid parameter: maxitems must be a positive number, was " + s);
    return Math.min(v, limit);
  }

  static Long longOrNull(String s) {
    if (s == null) return null;
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiException.invalidInput("Invalid parameter: '" + s + "' is not a number");
    }
  }

  static Integer intOrNull(String s) {
    Long l = longOrNull(s);
    return l == null ? null : Math.toIntExact(l);
  }

  static int intOr(String s, int dflt) {
    try {
      return s == null ? dflt : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ApiException.invalidInput("Invalid parameter: '" + s + "' is not a number");
    }
  }
}
