package io.regionaledge.testkit.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCaTest {
  private static final TestCa CA = TestCa.create("RegionalEdge test CA");

  @Test
  void aLeafCarriesItsDnsNamesAndIpAddressesAndChainsToTheCa() throws Exception {
    Leaf leaf = CA.issue("fast.example.com", "127.0.1.1");

    assertThat(
            leaf.certificate().getSubjectAlternativeNames().stream()
                .map(san -> (Object) san.get(1)))
        .containsExactly("fast.example.com", "127.0.1.1");
    assertThat(leaf.chain()).containsExactly(leaf.certificate(), CA.certificate());
    X509TrustManager trust = (X509TrustManager) CA.trustManagers()[0];
    trust.checkServerTrusted(leaf.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA");
  }

  @Test
  void anotherCaDoesNotTrustTheLeaf() {
    Leaf leaf = CA.issue("fast.example.com");
    X509TrustManager other = (X509TrustManager) TestCa.create("other").trustManagers()[0];

    assertThatThrownBy(
            () ->
                other.checkServerTrusted(
                    leaf.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA"))
        .isInstanceOf(java.security.cert.CertificateException.class);
  }

  @Test
  void pemFilesReadBackAsTheChainAndAMatchingPkcs8Key(@TempDir Path dir) throws Exception {
    Leaf leaf = CA.issue("fast.example.com");
    leaf.writeTo(dir);
    Path caFile = CA.writeCertificate(dir.resolve("ca/ca.pem"));

    String crt = Files.readString(dir.resolve("tls.crt"));
    String key = Files.readString(dir.resolve("tls.key"));
    assertThat(crt).startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(key)
        .startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
    List<X509Certificate> chain =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(crt.getBytes(StandardCharsets.US_ASCII)))
            .stream()
            .map(X509Certificate.class::cast)
            .toList();
    assertThat(chain).containsExactlyElementsOf(leaf.chain());
    assertThat(Files.readString(caFile)).isEqualTo(CA.certificatePem());

    String base64 = key.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey read =
        KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(read);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(chain.get(0).getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void anExpiredLeafCanBeIssuedOnPurpose() {
    Instant past = Instant.now().minusSeconds(7200);
    Leaf leaf = CA.issue(List.of("old.example.com"), past.minusSeconds(3600), past);

    assertThat(leaf.certificate().getNotAfter().toInstant()).isBefore(Instant.now());
  }

  @Test
  void aTlsHandshakeVerifiesTheServerNameAgainstTheCa() throws Exception {
    Leaf leaf = CA.issue("fast.example.com");
    try (SSLServerSocket server =
        (SSLServerSocket)
            leaf.serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> accepted =
          CompletableFuture.runAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                  s.getOutputStream().write('x');
                  s.getOutputStream().flush();
                } catch (Exception e) {
                  // the failing handshake below also lands here
                }
              });
      assertThat(handshake(server.getLocalPort(), "fast.example.com")).isEqualTo('x');
      accepted.get(5, TimeUnit.SECONDS);

      CompletableFuture<Void> second =
          CompletableFuture.runAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                  s.startHandshake();
                } catch (Exception e) {
                  // expected: the client rejects the name
                }
              });
      assertThatThrownBy(() -> handshake(server.getLocalPort(), "slow.example.com"))
          .isInstanceOf(SSLHandshakeException.class);
      second.get(5, TimeUnit.SECONDS);
    }
  }

  private static int handshake(int port, String name) throws Exception {
    try (SSLSocket client = (SSLSocket) CA.clientContext().getSocketFactory().createSocket()) {
      client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      client.setSoTimeout(5000);
      SSLParameters parameters = client.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(name)));
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      client.setSSLParameters(parameters);
      client.startHandshake();
      return client.getInputStream().read();
    }
  }
}
