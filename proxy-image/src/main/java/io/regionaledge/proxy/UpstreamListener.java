package io.regionaledge.proxy;

import io.netty.handler.codec.http.HttpObject;

/**
 * What an exchange hears from the backend connection it holds. Called on that connection's event
 * loop.
 */
interface UpstreamListener {
  void onResponse(HttpObject msg);

  void onResponseBatchEnd();

  void onUpstreamClosed(Throwable cause);
}
