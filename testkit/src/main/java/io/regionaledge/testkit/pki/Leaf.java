package io.regionaledge.testkit.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A certificate issued by a {@link TestCa}: its key and the chain leaf-then-CA. */
public final class Leaf {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final PrivateKey privateKey;
  private final List<X509Certificate> chain;

  Leaf(PrivateKey privateKey, List<X509Certificate> chain) {
    this.privateKey = privateKey;
    this.chain = List.copyOf(chain);
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** Leaf then CA, the content of a kubernetes.io/tls Secret's tls.crt. */
  public String certificateChainPem() {
    return Pem.certificates(chain);
  }

  /** PKCS#8 PEM, the content of a kubernetes.io/tls Secret's tls.key. */
  public String privateKeyPem() {
    return Pem.privateKey(privateKey);
  }

  /** Writes tls.crt and tls.key into dir, as a mounted TLS Secret would appear. */
  public void writeTo(Path dir) {
    Pem.write(dir.resolve("tls.crt"), certificateChainPem());
    Pem.write(dir.resolve("tls.key"), privateKeyPem());
  }

  public KeyStore keyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("leaf", privateKey, PASSWORD, chain.toArray(new Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public KeyManager[] keyManagers() {
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore(), PASSWORD);
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server context presenting this certificate. */
  public SSLContext serverContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(), null, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
