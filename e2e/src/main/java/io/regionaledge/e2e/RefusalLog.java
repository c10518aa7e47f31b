package io.regionaledge.e2e;

import io.regionaledge.testkit.kube.StrictApiDispatcher;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each request the API server refused or failed on, so a scenario's failure names the call.
 */
final class RefusalLog implements Consumer<StrictApiDispatcher.Call> {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
  private final String cluster;

  RefusalLog(String cluster) {
    this.cluster = cluster;
  }

  @Override
  public void accept(StrictApiDispatcher.Call call) {
    int code = call.code();
    if (code >= 500 || (code >= 400 && code != 404 && code != 409)) {
      String body = call.body() == null ? "" : call.body();
      LOG.warn(
          "{} API server answered {} to {} {} by {}: {}",
          cluster,
          code,
          call.method(),
          call.request().path(),
          call.user(),
          body.length() > 600 ? body.substring(0, 600) + "..." : body);
    }
  }
}
