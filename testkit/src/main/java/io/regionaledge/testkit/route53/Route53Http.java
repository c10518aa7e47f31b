package io.regionaledge.testkit.route53;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route53's REST/XML wire protocol (2013-04-01): finds a request's action in the {@link Routes},
 * counts it, lets the fault injector fail it, takes its throttling tokens, runs it, and answers in
 * Route53's XML, errors as {@code ErrorResponse}. Signatures are not checked.
 */
final class Route53Http implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Route53Http.class);
  private static final String PREFIX = "/2013-04-01/";

  private final Routes routes;
  private final FaultInjector faults;
  private final RequestCounters counters;
  private final Throttling.Buckets throttling;

  Route53Http(
      Routes routes,
      FaultInjector faults,
      RequestCounters counters,
      Throttling.Buckets throttling) {
    this.routes = routes;
    this.faults = faults;
    this.counters = counters;
    this.throttling = throttling;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String requestId = UUID.randomUUID().toString();
    Reply reply;
    try {
      reply = serve(ex);
    } catch (ApiException e) {
      reply = error(e, requestId);
    } catch (RuntimeException e) {
      LOG.warn("simulator failed on {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
      reply =
          error(
              new ApiException(500, "InternalFailure", "Simulator error: " + e, false), requestId);
    }
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/xml");
    ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  private Reply serve(HttpExchange ex) throws IOException {
    String raw = ex.getRequestURI().getRawPath();
    if (!raw.startsWith(PREFIX))
      throw new ApiException(404, "UnknownOperationException", "Unknown path " + raw);
    List<String> path = new ArrayList<>();
    for (String s : raw.substring(PREFIX.length()).split("/")) {
      if (!s.isEmpty()) path.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
    }
    Routes.Match m = routes.match(ex.getRequestMethod(), path);
    Call call =
        new Call(
            m.action(),
            ex.getRequestMethod(),
            m.params(),
            query(ex.getRequestURI().getRawQuery()),
            ex.getRequestBody().readAllBytes());
    counters.increment(call.action());
    Optional<Fault> fault = faults.next(call.action());
    if (fault.isPresent()) throw fault.get().toException();
    if (!throttling.tryAcquire(call.action(), m.changeTokens().applyAsInt(call)))
      throw Fault.THROTTLING.toException();
    return m.handler().handle(call);
  }

  private static Map<String, String> query(String q) {
    Map<String, String> query = new LinkedHashMap<>();
    if (q == null) return query;
    for (String kv : q.split("&")) {
      if (kv.isEmpty()) continue;
      int i = kv.indexOf('=');
      String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
      query.put(k, i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  private static Reply error(ApiException e, String requestId) {
    Xml.Writer w =
        new Xml.Writer()
            .openRoot("ErrorResponse")
            .open("Error")
            .el("Type", e.senderFault() ? "Sender" : "Receiver")
            .el("Code", e.code())
            .el("Message", e.getMessage())
            .close("Error")
            .el("RequestId", requestId)
            .close("ErrorResponse");
    return new Reply(e.status(), w.toString(), Map.of());
  }
}
