package io.regionaledge.e2e;

import io.regionaledge.operator.api.RegionalEdge;
import io.regionaledge.testkit.route53.RecordSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One world for every scenario in the JVM, started by the first and closed when JUnit finishes;
 * {@code fast.example.com} applied in every cluster and serving before any scenario starts.
 */
final class SharedWorld implements ExtensionContext.Store.CloseableResource {
  static final String NAME = "fast";
  static final int PORT = 8443;
  private static SharedWorld instance;

  final World world;
  final Duration startupToFirstServed;

  /** The zone before anything was applied: deleting everything must bring it back to this. */
  final List<RecordSet> zoneBefore;

  private SharedWorld(World world, Duration startupToFirstServed, List<RecordSet> zoneBefore) {
    this.world = world;
    this.startupToFirstServed = startupToFirstServed;
    this.zoneBefore = zoneBefore;
  }

  static synchronized SharedWorld instance() {
    return instance;
  }

  static synchronized World get(ExtensionContext context) {
    if (instance == null) {
      long start = System.nanoTime();
      World world = World.start(World.Config.defaults());
      List<RecordSet> before = world.zone().records();
      try {
        world.createTlsSecrets(World.NAMESPACE, NAME + "-tls", World.HOSTNAME);
        world.applyEverywhere(fastEdge(world));
        Checks.awaitServedLocally(world, World.HOSTNAME, PORT, Duration.ofSeconds(90));
        // every scenario starts from the same converged state
        Checks.awaitConverged(world, World.NAMESPACE, NAME, World.HOSTNAME, Duration.ofSeconds(60));
      } catch (RuntimeException | Error e) {
        world.close();
        throw e;
      }
      instance = new SharedWorld(world, Duration.ofNanos(System.nanoTime() - start), before);
      Results.record(
          "world",
          "startup to first request served in every region",
          instance.startupToFirstServed);
      context
          .getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .put(SharedWorld.class, instance);
    }
    return instance.world;
  }

  static RegionalEdge fastEdge(World world) {
    return world.edge(NAME, World.HOSTNAME, PORT);
  }

  @Override
  public void close() {
    synchronized (SharedWorld.class) {
      world.close();
      instance = null;
    }
  }
}
