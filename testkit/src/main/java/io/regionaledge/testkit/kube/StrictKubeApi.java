package io.regionaledge.testkit.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * A mock API server on loopback that behaves like kube-apiserver where the operator can tell (see
 * {@link StrictApiDispatcher}), with an admin client for the test and authenticated clients whose
 * every request is authorized against an RBAC manifest.
 */
public final class StrictKubeApi implements AutoCloseable {
  private final KubernetesMockServer server;
  private final StrictApiDispatcher dispatcher;
  private final KubernetesClient admin;

  public StrictKubeApi(RbacAuthorizer rbac, InetAddress address) {
    this.dispatcher = new StrictApiDispatcher(rbac);
    this.server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(address, 0);
    this.admin = server.createClient();
  }

  public StrictKubeApi(RbacAuthorizer rbac) {
    this(rbac, InetAddress.getLoopbackAddress());
  }

  /** The test's own client: the cluster admin, allowed everything, not counted as the operator. */
  public KubernetesClient admin() {
    return admin;
  }

  public StrictApiDispatcher dispatcher() {
    return dispatcher;
  }

  public String url() {
    return admin.getConfiguration().getMasterUrl();
  }

  /**
   * A client that authenticates as {@code user}, as a pod with that ServiceAccount's token would.
   */
  public KubernetesClient clientFor(RbacAuthorizer.User user, String userAgent) {
    Config config =
        new ConfigBuilder(admin.getConfiguration())
            .withOauthToken(dispatcher.tokenFor(user))
            .withUserAgent(userAgent)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The requests {@code user} made. */
  public List<StrictApiDispatcher.Call> callsBy(RbacAuthorizer.User user) {
    return dispatcher.calls().stream().filter(c -> c.user().equals(user.name())).toList();
  }

  public List<StrictApiDispatcher.Call> calls(Predicate<StrictApiDispatcher.Call> filter) {
    return dispatcher.calls().stream().filter(filter).toList();
  }

  /** Writes a kubeconfig a real kubectl can use to reach this server as the admin. */
  public Path writeKubeconfig(Path file, String contextName) {
    String yaml =
        "apiVersion: v1\nkind: Config\nclusters:\n- name: "
            + contextName
            + "\n  cluster:\n    server: "
            + url().replaceAll("/+$", "")
            + "\ncontexts:\n- name: "
            + contextName
            + "\n  context:\n    cluster: "
            + contextName
            + "\n    user: admin\n    namespace: default\ncurrent-context: "
            + contextName
            + "\nusers:\n- name: admin\n  user: {}\n";
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    admin.close();
    server.destroy();
  }
}
