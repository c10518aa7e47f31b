package io.regionaledge.testkit.route53;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An HTTPS server that, like an SNI-only endpoint, completes a handshake only when the client names
 * {@code hostname} in SNI; it serves {@code /healthz} with a settable status and records the Host
 * headers it saw. Its certificate is self-signed (the checker must not verify it).
 */
final class SniOnlyHttpsServer implements AutoCloseable {
  final AtomicInteger status = new AtomicInteger(200);
  final List<String> hosts = new CopyOnWriteArrayList<>();
  final List<String> sniSeen = new CopyOnWriteArrayList<>();
  final List<String> protocolsSeen = new CopyOnWriteArrayList<>();
  private final HttpsServer server;

  SniOnlyHttpsServer(String hostname) throws Exception {
    this(hostname, "127.0.0.1");
  }

  SniOnlyHttpsServer(String hostname, String bindAddress) throws Exception {
    this(hostname, bindAddress, null);
  }

  /** {@code protocols} null: the JDK's defaults; else only these (e.g. TLSv1.3). */
  SniOnlyHttpsServer(String hostname, String bindAddress, String[] protocols) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    X500Name dn = new X500Name("CN=" + hostname);
    Instant now = Instant.now();
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        dn,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(1, ChronoUnit.HOURS)),
                        Date.from(now.plus(1, ChronoUnit.DAYS)),
                        dn,
                        kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("k", kp.getPrivate(), new char[0], new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
    kmf.init(ks, new char[0]);
    X509ExtendedKeyManager base = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new javax.net.ssl.KeyManager[] {new SniOnly(base, hostname, sniSeen)}, null, null);

    server = HttpsServer.create(new InetSocketAddress(bindAddress, 0), 16);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ctx) {
          @Override
          public void configure(HttpsParameters params) {
            javax.net.ssl.SSLParameters p = ctx.getDefaultSSLParameters();
            if (protocols != null) p.setProtocols(protocols);
            params.setSSLParameters(p);
          }
        });
    server.createContext(
        "/healthz",
        ex -> {
          hosts.add(ex.getRequestHeaders().getFirst("Host"));
          protocolsSeen.add(
              ((com.sun.net.httpserver.HttpsExchange) ex).getSSLSession().getProtocol());
          ex.sendResponseHeaders(status.get(), -1);
          ex.close();
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Offers the certificate only to a client that asked for {@code hostname} in SNI. */
  private static final class SniOnly extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager base;
    private final String hostname;
    private final List<String> seen;

    SniOnly(X509ExtendedKeyManager base, String hostname, List<String> seen) {
      this.base = base;
      this.hostname = hostname;
      this.seen = seen;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      List<SNIServerName> names =
          ((ExtendedSSLSession) engine.getHandshakeSession()).getRequestedServerNames();
      String sni = names.isEmpty() ? "" : ((SNIHostName) names.get(0)).getAsciiName();
      seen.add(sni);
      return sni.equals(hostname) ? base.chooseEngineServerAlias(keyType, issuers, engine) : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return base.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return base.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return base.getPrivateKey(alias);
    }
  }
}
