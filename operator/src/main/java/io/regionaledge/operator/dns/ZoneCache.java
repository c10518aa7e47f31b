package io.regionaledge.operator.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One writer at a time per hosted zone, and a snapshot of each zone's records shared by every
 * resource in it: listed at most once per resync period, kept current by our own successful writes
 * (so 500 resources in a zone cost one listing, not 500), dropped when a write fails (something
 * else may have changed the zone).
 */
public final class ZoneCache {
  private final Route53Api api;
  private final Duration maxAge;
  private final Duration lockWait;
  private final LongSupplier nanoTime;
  private final Map<String, Zone> zones = new ConcurrentHashMap<>();

  public ZoneCache(Route53Api api, Duration maxAge, Duration lockWait) {
    this(api, maxAge, lockWait, System::nanoTime);
  }

  ZoneCache(Route53Api api, Duration maxAge, Duration lockWait, LongSupplier nanoTime) {
    this.api = api;
    this.maxAge = maxAge;
    this.lockWait = lockWait;
    this.nanoTime = nanoTime;
  }

  /** Runs work as the zone's only writer. */
  public <T> T withZone(String zoneId, Function<View, T> work) {
    Zone z = zones.computeIfAbsent(zoneId, Zone::new);
    try {
      if (!z.lock.tryLock(lockWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TokenBucket.RateLimitedException(
            "hosted zone " + zoneId + " busy with other writers for " + lockWait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenBucket.RateLimitedException(
          "interrupted while waiting for hosted zone " + zoneId);
    }
    try {
      return work.apply(z);
    } finally {
      z.lock.unlock();
    }
  }

  /** A zone as seen by its current writer. */
  public interface View {
    List<Rrset> records();

    /** Our batch was accepted: fold it into the snapshot instead of listing again. */
    void applied(List<Change> batch);

    void invalidate();

    /** A fresh reading of every record set at one name: replaces what the snapshot held there. */
    void replaceAt(String name, List<Rrset> fresh);
  }

  private final class Zone implements View {
    final String id;
    final ReentrantLock lock = new ReentrantLock(true);
    Map<Rrset.Key, Rrset> records;
    long listedAt;

    Zone(String id) {
      this.id = id;
    }

    @Override
    public List<Rrset> records() {
      if (records == null || nanoTime.getAsLong() - listedAt > maxAge.toNanos()) {
        Map<Rrset.Key, Rrset> fresh = new LinkedHashMap<>();
        for (Rrset r : api.listRecords(id)) {
          fresh.put(r.key(), r);
        }
        records = fresh;
        listedAt = nanoTime.getAsLong();
      }
      return new ArrayList<>(records.values());
    }

    @Override
    public void applied(List<Change> batch) {
      if (records == null) {
        return;
      }
      for (Change c : batch) {
        if (c.action() == Change.Action.DELETE) {
          records.remove(c.record().key());
        } else {
          records.put(c.record().key(), c.record());
        }
      }
    }

    @Override
    public void invalidate() {
      records = null;
    }

    @Override
    public void replaceAt(String name, List<Rrset> fresh) {
      if (records == null) {
        return;
      }
      records.keySet().removeIf(k -> k.name().equals(name));
      fresh.forEach(r -> records.put(r.key(), r));
    }
  }
}
