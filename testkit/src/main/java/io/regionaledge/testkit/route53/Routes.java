package io.regionaledge.testkit.route53;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The simulator's one route table: Route53's REST paths (botocore service-2.json, each operation's
 * {@code http.method} and {@code requestUri} below /2013-04-01/) to their action and handler. Each
 * resource's actions class registers its own rows, so a new action is one row and one method next
 * to its store.
 */
final class Routes {
  interface Handler {
    Reply handle(Call call);
  }

  /**
   * A matched route: the action, its handler, the named path segments, and its change-token count.
   */
  record Match(
      String action,
      Handler handler,
      Map<String, String> params,
      ToIntFunction<Call> changeTokens) {}

  private record Route(
      String method,
      String[] template,
      String action,
      Handler handler,
      ToIntFunction<Call> tokens) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds {@code method template} (e.g. {@code GET healthcheck/{Id}/status}) as {@code action}. */
  Routes add(String method, String template, String action, Handler handler) {
    return add(method, template, action, handler, c -> 0);
  }

  /** As {@link #add}, for an action that modifies DNS data and takes change-throughput tokens. */
  Routes add(
      String method,
      String template,
      String action,
      Handler handler,
      ToIntFunction<Call> changeTokens) {
    for (Route r : routes) {
      if (r.action().equals(action))
        throw new IllegalStateException("action " + action + " routed twice");
    }
    routes.add(new Route(method, template.split("/"), action, handler, changeTokens));
    return this;
  }

  /** The route for a request, or Route53's UnknownOperationException (404). */
  Match match(String method, List<String> path) {
    for (Route r : routes) {
      Map<String, String> params = bind(r.template(), path);
      if (params != null && r.method().equals(method)) {
        return new Match(r.action(), r.handler(), params, r.tokens());
      }
    }
    throw new ApiException(
        404,
        "UnknownOperationException",
        "No Route53 action for " + method + " /" + String.join("/", path));
  }

  List<String> actions() {
    return routes.stream().map(Route::action).toList();
  }

  private static Map<String, String> bind(String[] template, List<String> path) {
    if (template.length != path.size()) return null;
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        params.put(t.substring(1, t.length() - 1), path.get(i));
      } else if (!t.equals(path.get(i))) {
        return null;
      }
    }
    return params;
  }
}
