package io.regionaledge.e2e;

import java.nio.file.Path;
import java.util.List;

/**
 * What the kubelet runs for a container image: the proxy's jar, plus JVM options standing in for
 * the image's own setup. The world puts its CA into the image's system trust this way, as a real
 * backend's certificate from a public CA is trusted without any flag.
 */
public record ProxyImage(Path jar, List<String> jvmOptions) {
  public ProxyImage {
    jvmOptions = List.copyOf(jvmOptions);
  }
}
