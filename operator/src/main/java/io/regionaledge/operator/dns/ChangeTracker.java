package io.regionaledge.operator.dns;

import io.regionaledge.operator.api.DnsStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The last Route53 change of each resource+region and whether it is INSYNC yet. Resources whose
 * changes went out in one coalesced batch share its change id, and GetChange is asked once per
 * change, not once per resource: an INSYNC answer is final, a PENDING one is reused for a moment. A
 * restarted operator starts from the change id its status recorded.
 */
final class ChangeTracker {
  private final Route53Api api;
  private final long reuseNanos;
  private final LongSupplier nanoTime;
  private final Map<String, String> lastByResource = new ConcurrentHashMap<>();
  private final Map<String, Polled> byId = new ConcurrentHashMap<>();
  private final Map<String, Object> guards = new ConcurrentHashMap<>();

  private record Polled(Route53Api.ChangeStatus status, long at) {}

  ChangeTracker(Route53Api api, Duration reusePending) {
    this(api, reusePending, System::nanoTime);
  }

  ChangeTracker(Route53Api api, Duration reusePending, LongSupplier nanoTime) {
    this.api = api;
    this.reuseNanos = reusePending.toNanos();
    this.nanoTime = nanoTime;
  }

  /** A batch carrying this resource's changes was accepted. */
  void wrote(String key, Route53Api.ChangeStatus change) {
    String before = lastByResource.put(key, change.id());
    byId.put(change.id(), new Polled(change, nanoTime.getAsLong()));
    if (before != null && !before.equals(change.id()) && !lastByResource.containsValue(before)) {
      byId.remove(before);
      guards.remove(before);
    }
  }

  /**
   * The resource's last change as Route53 sees it now (null: it never made one), asking GetChange
   * only when nothing recent is known. {@code recorded}: what the resource's status says.
   */
  Route53Api.ChangeStatus current(String key, DnsStatus recorded) {
    String id = lastByResource.get(key);
    if (id == null) {
      if (recorded == null || recorded.getLastChangeId() == null) {
        return null;
      }
      id = recorded.getLastChangeId();
      lastByResource.put(key, id);
      byId.putIfAbsent(
          id,
          new Polled(
              new Route53Api.ChangeStatus(id, recorded.getLastChangeStatus()), Long.MIN_VALUE));
    }
    Polled known = fresh(id);
    if (known != null) {
      return known.status();
    }
    // resources of one batch ask together: one of them asks Route53, the others take its answer
    synchronized (guards.computeIfAbsent(id, k -> new Object())) {
      known = fresh(id);
      if (known != null) {
        return known.status();
      }
      Route53Api.ChangeStatus now;
      try {
        now = api.changeStatus(id);
      } catch (RuntimeException e) {
        if (!Failure.isCode(e, "NoSuchChange")) {
          throw e;
        }
        // Route53 forgets old changes; one it no longer knows has long been applied
        now = new Route53Api.ChangeStatus(id, "INSYNC");
      }
      byId.put(id, new Polled(now, nanoTime.getAsLong()));
      return now;
    }
  }

  /** What is known of a change and still good: INSYNC for ever, PENDING for a moment. */
  private Polled fresh(String id) {
    Polled known = byId.get(id);
    boolean good =
        known != null
            && (known.status().inSync()
                || known.at() != Long.MIN_VALUE && nanoTime.getAsLong() - known.at() < reuseNanos);
    return good ? known : null;
  }

  void forget(String key) {
    String id = lastByResource.remove(key);
    if (id != null && !lastByResource.containsValue(id)) {
      byId.remove(id);
      guards.remove(id);
    }
  }
}
