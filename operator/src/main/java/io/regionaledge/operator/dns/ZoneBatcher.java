package io.regionaledge.operator.dns;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ChangeResourceRecordSets batch for the pending changes of every resource in a hosted zone,
 * instead of one per resource. The first reconcile with changes for a zone waits {@code window} for
 * others, then writes everything queued as one batch per Route53's limits (1,000 ResourceRecord
 * elements and 32,000 value characters, an UPSERT counting twice: Route53 Developer Guide,
 * "Quotas", ChangeResourceRecordSets); plans that arrive while a batch is in flight go out together
 * in the next one. A resource's own changes are never split across batches unless they alone exceed
 * a batch.
 *
 * <p>Route53 refuses a whole batch for one bad change (InvalidChangeBatch, InvalidInput): the
 * refused batch is bisected by resource until every good plan has landed and each bad one fails
 * alone with Route53's own message (external-dns users hit exactly this: one resource blocking the
 * zone). Every resource gets its own result; resources in one accepted batch share its change id.
 */
public final class ZoneBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ZoneBatcher.class);
  static final int MAX_RECORDS = 1000;
  static final int MAX_CHARS = 32000;

  private final Route53Api api;
  private final ZoneCache zones;
  private final Duration window;
  private final Duration maxWait;
  private final Map<String, Queue> queues = new ConcurrentHashMap<>();

  private static final class Queue {
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    boolean leading;
  }

  private record Pending(
      String owner,
      List<Change> changes,
      int records,
      int chars,
      CompletableFuture<Route53Api.ChangeStatus> result) {
    static Pending of(String owner, List<Change> changes) {
      return new Pending(
          owner,
          List.copyOf(changes),
          changes.stream().mapToInt(Change::recordCount).sum(),
          changes.stream().mapToInt(Change::charCount).sum(),
          new CompletableFuture<>());
    }
  }

  /**
   * @param window how long the first plan for a zone waits for others (0: only those queued while a
   *     batch is in flight are coalesced)
   * @param maxWait the longest a reconcile waits for its batch's answer
   */
  public ZoneBatcher(Route53Api api, ZoneCache zones, Duration window, Duration maxWait) {
    this.api = api;
    this.zones = zones;
    this.window = window;
    this.maxWait = maxWait;
  }

  /**
   * Writes one resource's changes (ordered as {@link DnsPlan} orders them) and returns their
   * change.
   */
  public Route53Api.ChangeStatus write(String zoneId, String owner, List<Change> changes) {
    Pending p = Pending.of(owner, changes);
    Queue q = queues.computeIfAbsent(zoneId, k -> new Queue());
    boolean lead;
    synchronized (q) {
      q.pending.add(p);
      lead = !q.leading;
      q.leading = true;
    }
    if (lead) {
      lead(zoneId, q);
    }
    return await(p);
  }

  /** Plans waiting for a batch in this zone (not counting those in flight). */
  int queued(String zoneId) {
    Queue q = queues.get(zoneId);
    if (q == null) {
      return 0;
    }
    synchronized (q) {
      return q.pending.size();
    }
  }

  private void lead(String zoneId, Queue q) {
    try {
      if (!window.isZero()) {
        try {
          Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      while (true) {
        List<Pending> group;
        synchronized (q) {
          group = take(q.pending);
          if (group.isEmpty()) {
            q.leading = false;
            return;
          }
        }
        apply(zoneId, group);
      }
    } catch (RuntimeException | Error e) {
      synchronized (q) {
        q.leading = false;
        for (Pending left; (left = q.pending.poll()) != null; ) {
          left.result().completeExceptionally(e);
        }
      }
      throw e;
    }
  }

  /** The oldest plan, and after it every queued plan that still fits the batch. */
  private static List<Pending> take(ArrayDeque<Pending> pending) {
    List<Pending> group = new ArrayList<>();
    int records = 0;
    int chars = 0;
    for (var it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (group.isEmpty()
          || records + p.records() <= MAX_RECORDS && chars + p.chars() <= MAX_CHARS) {
        group.add(p);
        records += p.records();
        chars += p.chars();
        it.remove();
      }
    }
    return group;
  }

  private void apply(String zoneId, List<Pending> group) {
    if (group.size() == 1) {
      Pending p = group.get(0);
      try {
        Route53Api.ChangeStatus last = null;
        for (List<Change> batch : new DnsPlan(p.changes()).batches(MAX_RECORDS, MAX_CHARS)) {
          last = send(zoneId, batch, "regionaledge " + p.owner(), 1);
        }
        p.result().complete(last);
      } catch (RuntimeException e) {
        p.result().completeExceptionally(e);
      }
      return;
    }
    List<Change> all = new ArrayList<>();
    group.forEach(p -> all.addAll(p.changes()));
    try {
      Route53Api.ChangeStatus s =
          send(zoneId, all, "regionaledge: " + group.size() + " resources", group.size());
      group.forEach(p -> p.result().complete(s));
    } catch (RuntimeException e) {
      if (!refusedContent(e)) {
        group.forEach(p -> p.result().completeExceptionally(e));
        return;
      }
      LOG.info(
          "Route53 refused a batch of {} resources in {} ({}): splitting it",
          group.size(),
          zoneId,
          e.getMessage());
      int half = group.size() / 2;
      apply(zoneId, group.subList(0, half));
      apply(zoneId, group.subList(half, group.size()));
    }
  }

  private Route53Api.ChangeStatus send(
      String zoneId, List<Change> batch, String comment, int resources) {
    return zones.withZone(
        zoneId,
        view -> {
          try {
            Route53Api.ChangeStatus s = api.changeRecords(zoneId, batch, comment);
            view.applied(batch);
            if (resources > 1) {
              LOG.info(
                  "Route53 zone {}: one batch of {} changes for {} resources, change {} {}",
                  zoneId,
                  batch.size(),
                  resources,
                  s.id(),
                  s.status());
            }
            return s;
          } catch (RuntimeException e) {
            // something else may have changed the zone: list it again before the next plan
            view.invalidate();
            throw e;
          }
        });
  }

  /** Route53 refused what the batch says (one bad change refuses all), not the request itself. */
  static boolean refusedContent(Throwable e) {
    return Failure.isCode(e, "InvalidChangeBatch") || Failure.isCode(e, "InvalidInput");
  }

  private Route53Api.ChangeStatus await(Pending p) {
    try {
      return p.result().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new TokenBucket.RateLimitedException(
          "no answer for the batch of " + p.owner() + " within " + maxWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenBucket.RateLimitedException(
          "interrupted while waiting for the batch of " + p.owner());
    }
  }
}
