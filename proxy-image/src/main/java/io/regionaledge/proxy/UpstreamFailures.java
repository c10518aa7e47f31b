package io.regionaledge.proxy;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.ConnectException;
import javax.net.ssl.SSLException;

/**
 * How a failure to get a backend connection is counted ({@code
 * regionaledge_proxy_upstream_errors_total{cause}}).
 */
final class UpstreamFailures {
  private UpstreamFailures() {}

  static String metricCause(Throwable cause) {
    if (cause instanceof java.net.UnknownHostException) {
      return "dns"; // BackendAddresses: no answer for the backend's name yet
    }
    if (cause instanceof ConnectTimeoutException || cause instanceof SslHandshakeTimeoutException) {
      return "connect_timeout";
    }
    if (cause instanceof ConnectException) {
      return "connect_refused";
    }
    if (cause instanceof SSLException
        || cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
      return "tls";
    }
    return "reset";
  }
}
