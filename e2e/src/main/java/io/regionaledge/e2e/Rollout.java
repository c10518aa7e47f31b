package io.regionaledge.e2e;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One step of the Deployment controller's work for one Deployment, as a pure function: how many
 * pods of the current template to create and which pods to terminate, honouring the strategy
 * (RollingUpdate with maxSurge/maxUnavailable, readiness-gated; or Recreate).
 */
final class Rollout {

  /**
   * A pod as the controller sees it. Terminating pods are not passed in (they are on their way
   * out).
   */
  record PodView(String name, boolean current, boolean ready) {}

  record Step(int create, List<String> terminate) {}

  private Rollout() {}

  static Step plan(
      int desired, DeploymentStrategy strategy, List<PodView> pods, int terminatingOld) {
    List<PodView> current = pods.stream().filter(PodView::current).toList();
    List<PodView> old = pods.stream().filter(p -> !p.current()).toList();
    List<String> terminate = new ArrayList<>();

    if (strategy != null && "Recreate".equals(strategy.getType())) {
      if (!old.isEmpty()) {
        old.forEach(p -> terminate.add(p.name()));
        return new Step(0, terminate);
      }
      if (terminatingOld > 0) {
        return new Step(0, terminate);
      }
      return scaleCurrent(desired, current, terminate);
    }

    int surge =
        resolve(
            strategy == null || strategy.getRollingUpdate() == null
                ? null
                : strategy.getRollingUpdate().getMaxSurge(),
            desired,
            true);
    int unavailable =
        resolve(
            strategy == null || strategy.getRollingUpdate() == null
                ? null
                : strategy.getRollingUpdate().getMaxUnavailable(),
            desired,
            false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    if (old.isEmpty()) {
      return scaleCurrent(desired, current, terminate);
    }

    // the same arithmetic as the Deployment controller: scale up within the surge, then scale
    // old pods down as far as availability allows, unready old pods first (they serve nobody)
    int all = pods.size();
    int create = Math.max(0, Math.min(desired + surge - all, desired - current.size()));
    int minAvailable = desired - unavailable;
    int currentUnavailable = (int) current.stream().filter(p -> !p.ready()).count();
    int maxScaledDown = all - minAvailable - currentUnavailable;
    for (PodView p : old) {
      if (!p.ready() && maxScaledDown > 0) {
        terminate.add(p.name());
        maxScaledDown--;
      }
    }
    int available = (int) pods.stream().filter(PodView::ready).count();
    int readyToRemove = Math.min(maxScaledDown, available - minAvailable);
    for (PodView p : old) {
      if (p.ready() && readyToRemove > 0) {
        terminate.add(p.name());
        readyToRemove--;
      }
    }
    return new Step(create, terminate);
  }

  private static Step scaleCurrent(int desired, List<PodView> current, List<String> terminate) {
    if (current.size() < desired) {
      return new Step(desired - current.size(), terminate);
    }
    // scale down: unready ones first
    current.stream()
        .sorted(Comparator.comparing(PodView::ready))
        .limit(current.size() - desired)
        .forEach(p -> terminate.add(p.name()));
    return new Step(0, terminate);
  }

  /** Kubernetes rounds surge up and unavailability down; the default for both is 25%. */
  static int resolve(IntOrString value, int desired, boolean roundUp) {
    if (value == null) {
      value = new IntOrString("25%");
    }
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String s = value.getStrVal().trim();
    if (s.endsWith("%")) {
      double fraction = Integer.parseInt(s.substring(0, s.length() - 1)) * desired / 100.0;
      return (int) (roundUp ? Math.ceil(fraction) : Math.floor(fraction));
    }
    return Integer.parseInt(s);
  }
}
