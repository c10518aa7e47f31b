package io.regionaledge.e2e;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CRUD mock, logging each request it refuses or fails on, so a scenario's failure names the call. */
final class LoggingDispatcher extends KubernetesCrudDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingDispatcher.class);
  private final String cluster;

  LoggingDispatcher(String cluster) {
    super(List.of());
    this.cluster = cluster;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      MockResponse response = super.dispatch(request);
      int code = response.code();
      if (code >= 500 || (code >= 400 && code != 404 && code != 409)) {
        LOG.warn("{} API server answered {} to {} {}: {}", cluster, code, request.getMethod(), request.getPath(),
            abbreviate(request.getUtf8Body()));
      }
      return response;
    } catch (RuntimeException e) {
      LOG.warn("{} API server failed on {} {} ({}): {}", cluster, request.getMethod(), request.getPath(), e.getMessage(),
          abbreviate(request.getUtf8Body()));
      throw e;
    }
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    return body.length() > 600 ? body.substring(0, 600) + "..." : body;
  }
}
