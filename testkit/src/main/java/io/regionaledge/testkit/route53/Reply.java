package io.regionaledge.testkit.route53;

import java.util.Map;

/** An action's answer: HTTP status, XML body and extra headers. */
record Reply(int status, String body, Map<String, String> headers) {
  static Reply ok(Xml.Writer w) {
    return new Reply(200, w.toString(), Map.of());
  }

  /** 201 with the new resource's Location, as CreateHostedZone and CreateHealthCheck answer. */
  static Reply created(Xml.Writer w, String location) {
    return new Reply(201, w.toString(), Map.of("Location", location));
  }

  /** A response with no elements but its root, e.g. DeleteHealthCheckResponse. */
  static Reply empty(String root) {
    return ok(new Xml.Writer().openRoot(root).close(root));
  }
}
