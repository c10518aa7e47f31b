package io.regionaledge.testkit.backend;

import io.regionaledge.testkit.pki.Leaf;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers the certificate only when the client asked for our name by SNI, so a client that sends no
 * SNI (e.g. connects by IP) fails the handshake, as with an API Gateway custom domain.
 */
final class SniOnlyKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "leaf";
  private final Leaf leaf;
  private final String hostname;
  private final Runnable onReject;
  private final Map<SSLSession, Boolean> rejected =
      Collections.synchronizedMap(new WeakHashMap<>());

  SniOnlyKeyManager(Leaf leaf, String hostname, Runnable onReject) {
    this.leaf = leaf;
    this.hostname = hostname;
    this.onReject = onReject;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    if (!leaf.privateKey().getAlgorithm().equals(keyType)) {
      return null;
    }
    SSLSession session = engine.getHandshakeSession();
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host && host.getAsciiName().equalsIgnoreCase(hostname)) {
          return ALIAS;
        }
      }
    }
    // asked once per acceptable signature scheme: count each handshake once
    if (session != null && rejected.put(session, Boolean.TRUE) == null) {
      onReject.run();
    }
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return new String[] {ALIAS};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? leaf.chain().toArray(new X509Certificate[0]) : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? leaf.privateKey() : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
