package io.regionaledge.proxy;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the certificate and key files by content (a Secret update swaps a symlink, so mtimes
 * alone mislead) and, when both changed into a valid matching pair, swaps in a new server context
 * for new connections. Open connections keep the context they were accepted with. A broken pair is
 * logged and the old one kept.
 */
final class CertReloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CertReloader.class);
  private final Path cert;
  private final Path key;
  private final Tls tls;
  private final AtomicReference<SslContext> current;
  private final ScheduledExecutorService timer;
  private byte[] digest;
  private byte[] rejectedDigest;

  CertReloader(Path cert, Path key, Tls tls, AtomicReference<SslContext> current) {
    this.cert = cert;
    this.key = key;
    this.tls = tls;
    this.current = current;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cert-reload");
              t.setDaemon(true);
              return t;
            });
    this.digest = digestOrNull();
  }

  void start(long intervalMs) {
    timer.scheduleWithFixedDelay(this::check, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  void check() {
    byte[] now = digestOrNull();
    if (now == null || Arrays.equals(now, digest) || Arrays.equals(now, rejectedDigest)) {
      return;
    }
    try {
      PemFiles.KeyPair pair = PemFiles.load(cert, key);
      current.set(tls.server(pair));
      digest = now;
      rejectedDigest = null;
      log.info(
          "certificate reloaded: {} (valid until {})",
          pair.chain()[0].getSubjectX500Principal(),
          pair.chain()[0].getNotAfter().toInstant());
    } catch (Exception e) {
      // a Secret update may land cert and key in two steps: retry on the next change, keep serving
      // the old
      rejectedDigest = now;
      log.warn(
          "certificate files changed but cannot be used, keeping the previous ones: {}",
          PemFiles.oneLine(e));
    }
  }

  private byte[] digestOrNull() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(Files.readAllBytes(cert));
      md.update((byte) 0);
      md.update(Files.readAllBytes(key));
      return md.digest();
    } catch (IOException | NoSuchAlgorithmException e) {
      return null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
