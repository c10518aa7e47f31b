package io.regionaledge.proxy;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS contexts: OpenSSL (BoringSSL) when it loads, the JDK otherwise; TLS 1.2 and 1.3
 * only.
 */
final class Tls {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  private final SslProvider provider;

  Tls(SslProvider provider) {
    this.provider = provider;
  }

  static Tls detect() {
    return new Tls(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
  }

  SslProvider provider() {
    return provider;
  }

  String describe() {
    return provider == SslProvider.OPENSSL
        ? "OpenSSL (" + OpenSsl.versionString() + ")"
        : "JDK (OpenSSL unavailable: " + PemFiles.oneLine(OpenSsl.unavailabilityCause()) + ")";
  }

  /**
   * The listener's context, from files already checked by {@link PemFiles#load}; offers h2 and
   * http/1.1.
   */
  SslContext server(PemFiles.KeyPair pair) throws SSLException {
    return SslContextBuilder.forServer(pair.key(), pair.chain())
        .sslProvider(provider)
        .protocols(PROTOCOLS)
        .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(
            new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ApplicationProtocolNames.HTTP_2,
                ApplicationProtocolNames.HTTP_1_1))
        .build();
  }

  /**
   * The upstream context. One instance for the process so its client session cache lets pooled and
   * probe connections resume TLS sessions. Hostname verification is on unless explicitly skipped.
   */
  SslContext client(ProxyConfig config) throws SSLException {
    SslContextBuilder b =
        SslContextBuilder.forClient()
            .sslProvider(provider)
            .protocols(PROTOCOLS)
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    ApplicationProtocolNames.HTTP_1_1));
    if (config.insecureSkipBackendVerify()) {
      b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else {
      b.endpointIdentificationAlgorithm("HTTPS");
      if (config.backendCa() != null) {
        b.trustManager(systemPlus(PemFiles.certificates(config.backendCa(), "backend CA")));
      }
    }
    return b.build();
  }

  private static TrustManagerFactory systemPlus(X509Certificate[] extra) {
    try {
      TrustManagerFactory system =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (TrustManager tm : system.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          for (X509Certificate c : x509.getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + i++, c);
          }
        }
      }
      for (X509Certificate c : extra) {
        store.setCertificateEntry("extra-" + i++, c);
      }
      TrustManagerFactory combined =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      combined.init(store);
      return combined;
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot build backend trust: " + PemFiles.oneLine(e));
    }
  }
}
