package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.regionaledge.e2e.Rollout.PodView;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutTest {
  static final DeploymentStrategy REPLACE_IN_PLACE = rolling(0, 1);
  static final DeploymentStrategy SURGE = rolling(1, 0);

  @Test
  void aNewDeploymentGetsAllItsPods() {
    assertThat(Rollout.plan(2, REPLACE_IN_PLACE, List.of(), 0))
        .isEqualTo(new Rollout.Step(2, List.of()));
  }

  @Test
  void aSteadyDeploymentIsLeftAlone() {
    assertThat(
            Rollout.plan(
                2, REPLACE_IN_PLACE, List.of(pod("a", true, true), pod("b", true, true)), 0))
        .isEqualTo(new Rollout.Step(0, List.of()));
  }

  @Test
  void withoutSurgeOneOldPodGoesFirstThenItsReplacementComes() {
    List<PodView> old = List.of(pod("a", false, true), pod("b", false, true));
    assertThat(Rollout.plan(2, REPLACE_IN_PLACE, old, 0))
        .isEqualTo(new Rollout.Step(0, List.of("a")));
    assertThat(Rollout.plan(2, REPLACE_IN_PLACE, List.of(pod("b", false, true)), 1))
        .isEqualTo(new Rollout.Step(1, List.of()));
  }

  @Test
  void theNextOldPodWaitsUntilTheNewOneIsReady() {
    List<PodView> unready = List.of(pod("b", false, true), pod("c", true, false));
    assertThat(Rollout.plan(2, REPLACE_IN_PLACE, unready, 0))
        .isEqualTo(new Rollout.Step(0, List.of()));
    List<PodView> ready = List.of(pod("b", false, true), pod("c", true, true));
    assertThat(Rollout.plan(2, REPLACE_IN_PLACE, ready, 0))
        .isEqualTo(new Rollout.Step(0, List.of("b")));
  }

  @Test
  void withSurgeANewPodComesFirstAndAnOldOneGoesOnlyOnceItIsReady() {
    List<PodView> old = List.of(pod("a", false, true), pod("b", false, true));
    assertThat(Rollout.plan(2, SURGE, old, 0)).isEqualTo(new Rollout.Step(1, List.of()));
    List<PodView> surged =
        List.of(pod("a", false, true), pod("b", false, true), pod("c", true, false));
    assertThat(Rollout.plan(2, SURGE, surged, 0)).isEqualTo(new Rollout.Step(0, List.of()));
    List<PodView> surgedReady =
        List.of(pod("a", false, true), pod("b", false, true), pod("c", true, true));
    assertThat(Rollout.plan(2, SURGE, surgedReady, 0)).isEqualTo(new Rollout.Step(0, List.of("a")));
  }

  @Test
  void scalingDownRemovesUnreadyPodsFirst() {
    List<PodView> three =
        List.of(pod("a", true, true), pod("b", true, false), pod("c", true, true));
    assertThat(Rollout.plan(2, REPLACE_IN_PLACE, three, 0))
        .isEqualTo(new Rollout.Step(0, List.of("b")));
  }

  @Test
  void recreateStopsEveryOldPodBeforeStartingNewOnes() {
    DeploymentStrategy recreate = new DeploymentStrategyBuilder().withType("Recreate").build();
    assertThat(Rollout.plan(2, recreate, List.of(pod("a", false, true), pod("b", false, true)), 0))
        .isEqualTo(new Rollout.Step(0, List.of("a", "b")));
    assertThat(Rollout.plan(2, recreate, List.of(), 2)).isEqualTo(new Rollout.Step(0, List.of()));
    assertThat(Rollout.plan(2, recreate, List.of(), 0)).isEqualTo(new Rollout.Step(2, List.of()));
  }

  @Test
  void percentagesRoundSurgeUpAndUnavailabilityDown() {
    assertThat(Rollout.resolve(new IntOrString("25%"), 2, true)).isEqualTo(1);
    assertThat(Rollout.resolve(new IntOrString("25%"), 2, false)).isZero();
    assertThat(Rollout.resolve(null, 8, false)).isEqualTo(2);
    assertThat(Rollout.resolve(new IntOrString(3), 8, false)).isEqualTo(3);
  }

  private static PodView pod(String name, boolean current, boolean ready) {
    return new PodView(name, current, ready);
  }

  private static DeploymentStrategy rolling(int surge, int unavailable) {
    return new DeploymentStrategyBuilder()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString(surge))
        .withMaxUnavailable(new IntOrString(unavailable))
        .endRollingUpdate()
        .build();
  }
}
