package io.regionaledge.e2e;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Gives a scenario class the shared world, starting it on first use. */
final class WorldExtension implements BeforeAllCallback {
  private World world;

  @Override
  public void beforeAll(ExtensionContext context) {
    world = SharedWorld.get(context);
  }

  World world() {
    return world;
  }
}
