package io.regionaledge.testkit.route53;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.Random;

/**
 * Decides, per request, whether it fails instead of being served. One-shot faults ("the next N
 * requests", optionally of one action) are consumed first; a steady fault applies until cleared.
 */
public final class FaultInjector {
  private record Pending(Fault fault, String action, int[] remaining) {}

  private record Steady(Fault fault, String action, double fraction) {}

  private final Deque<Pending> pending = new ArrayDeque<>();
  private final Random random;
  private Steady steady;
  private long injected;

  FaultInjector(Random random) {
    this.random = random;
  }

  /** The next {@code n} requests of any action fail with {@code fault}. */
  public synchronized FaultInjector failNext(int n, Fault fault) {
    return failNext(n, fault, null);
  }

  /**
   * The next {@code n} requests of {@code action} (e.g. "ChangeResourceRecordSets") fail with
   * {@code fault}.
   */
  public synchronized FaultInjector failNext(int n, Fault fault, String action) {
    if (n < 1) throw new IllegalArgumentException("n must be at least 1, was " + n);
    pending.add(new Pending(fault, action, new int[] {n}));
    return this;
  }

  /**
   * Until {@link #clear()}: each request (of {@code action}, or any if null) fails with probability
   * {@code fraction}.
   */
  public synchronized FaultInjector failSteadily(Fault fault, double fraction, String action) {
    if (fraction <= 0 || fraction > 1)
      throw new IllegalArgumentException("fraction must be in (0, 1], was " + fraction);
    steady = new Steady(fault, action, fraction);
    return this;
  }

  /** Until {@link #clear()}: every request fails with {@code fault}. */
  public FaultInjector failAll(Fault fault) {
    return failSteadily(fault, 1.0, null);
  }

  public synchronized void clear() {
    pending.clear();
    steady = null;
  }

  /** How many requests failed by injection since start. */
  public synchronized long injectedCount() {
    return injected;
  }

  synchronized Optional<Fault> next(String action) {
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.action() == null || p.action().equals(action)) {
        if (--p.remaining()[0] == 0) it.remove();
        injected++;
        return Optional.of(p.fault());
      }
    }
    Steady s = steady;
    if (s != null
        && (s.action() == null || s.action().equals(action))
        && (s.fraction() >= 1.0 || random.nextDouble() < s.fraction())) {
      injected++;
      return Optional.of(s.fault());
    }
    return Optional.empty();
  }
}
