package io.regionaledge.testkit.route53;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Route53's throttling as token buckets (capacity = burst, refill = sustained rate; refill tokens
 * arriving while a bucket is full are discarded), all per account. Source: Route 53 Developer
 * Guide, "Throttling for Amazon Route 53 API requests" (throttling-api-requests.html):
 *
 * <ul>
 *   <li>request rate, at two levels: every request takes a token from the account bucket (50/10)
 *       and from its action's bucket (50/10 unless the table lists the action: CreateHealthCheck
 *       50/0.5, DeleteHealthCheck 15/3, GetHealthCheckStatus and GetHealthCheckLastFailureReason
 *       4/1, CreateHostedZone 40/2, DeleteHostedZone 40/5); throttled if either is empty;
 *   <li>change throughput: individual DNS record changes per second across the actions that modify
 *       DNS data. An UPSERT counts twice (re:Post knowledge center, "How can I avoid Route 53 API
 *       throttling errors?"). The bucket's capacity and refill are not published in any source we
 *       could read: the simulator assumes 1,000 (one full batch) refilling at 100 changes/s.
 * </ul>
 *
 * A throttled request takes no token from any bucket and is answered HTTP 400 {@code Throttling},
 * "Rate exceeded". Immutable: each method returns a changed copy.
 */
public final class Throttling {
  /** One bucket's figures. */
  public record Bucket(double capacity, double refillPerSecond) {
    public Bucket {
      if (capacity < 1 || refillPerSecond <= 0) {
        throw new IllegalArgumentException(
            "capacity must be >= 1 and refill > 0: " + capacity + "/" + refillPerSecond);
      }
    }
  }

  private static final Bucket DEFAULT_ACTION = new Bucket(50, 10);
  private final boolean on;
  private final Bucket account;
  private final Map<String, Bucket> actions;
  private final Bucket changes;
  private final double timeScale;

  private Throttling(
      boolean on, Bucket account, Map<String, Bucket> actions, Bucket changes, double timeScale) {
    this.on = on;
    this.account = account;
    this.actions = Map.copyOf(actions);
    this.changes = changes;
    this.timeScale = timeScale;
  }

  /** Route53's figures (the simulator's default). */
  public static Throttling route53() {
    Map<String, Bucket> a = new LinkedHashMap<>();
    a.put("CreateHealthCheck", new Bucket(50, 0.5));
    a.put("DeleteHealthCheck", new Bucket(15, 3));
    a.put("GetHealthCheckStatus", new Bucket(4, 1));
    a.put("GetHealthCheckLastFailureReason", new Bucket(4, 1));
    a.put("CreateHostedZone", new Bucket(40, 2));
    a.put("DeleteHostedZone", new Bucket(40, 5));
    return new Throttling(true, new Bucket(50, 10), a, new Bucket(1000, 100), 1);
  }

  /** No throttling at all: only for tests that are about something else and say so. */
  public static Throttling off() {
    return new Throttling(false, DEFAULT_ACTION, Map.of(), DEFAULT_ACTION, 1);
  }

  /**
   * The same buckets with time running {@code factor} times faster: every refill rate multiplied,
   * capacities kept.
   */
  public Throttling timesFaster(double factor) {
    if (factor <= 0) throw new IllegalArgumentException("factor must be positive");
    return new Throttling(on, account, actions, changes, timeScale * factor);
  }

  public Throttling account(double capacity, double refillPerSecond) {
    return new Throttling(on, new Bucket(capacity, refillPerSecond), actions, changes, timeScale);
  }

  public Throttling action(String action, double capacity, double refillPerSecond) {
    Map<String, Bucket> a = new LinkedHashMap<>(actions);
    a.put(action, new Bucket(capacity, refillPerSecond));
    return new Throttling(on, account, a, changes, timeScale);
  }

  public Throttling changes(double capacity, double refillPerSecond) {
    return new Throttling(on, account, actions, new Bucket(capacity, refillPerSecond), timeScale);
  }

  public boolean on() {
    return on;
  }

  public Bucket accountBucket() {
    return account;
  }

  public Bucket actionBucket(String action) {
    return actions.getOrDefault(action, DEFAULT_ACTION);
  }

  public Bucket changeBucket() {
    return changes;
  }

  public double timeScale() {
    return timeScale;
  }

  /** The running buckets of one simulator. */
  static final class Buckets {
    private final Throttling config;
    private final Live account;
    private final Map<String, Live> actions = new LinkedHashMap<>();
    private final Live changes;
    private long throttled;

    Buckets(Throttling config) {
      this.config = config;
      this.account = new Live(config.account, config.timeScale);
      this.changes = new Live(config.changes, config.timeScale);
    }

    /**
     * Takes one request token (account and action) and {@code changeTokens} change tokens, or none.
     */
    synchronized boolean tryAcquire(String action, int changeTokens) {
      if (!config.on) return true;
      long now = System.nanoTime();
      Live perAction =
          actions.computeIfAbsent(action, a -> new Live(config.actionBucket(a), config.timeScale));
      account.refill(now);
      perAction.refill(now);
      changes.refill(now);
      // a batch over the 1,000-element limit is refused by validation, not throttled forever
      changeTokens = (int) Math.min(changeTokens, changes.capacity);
      if (account.tokens < 1
          || perAction.tokens < 1
          || (changeTokens > 0 && changes.tokens < changeTokens)) {
        throttled++;
        return false;
      }
      account.tokens -= 1;
      perAction.tokens -= 1;
      changes.tokens -= changeTokens;
      return true;
    }

    synchronized long throttled() {
      return throttled;
    }
  }

  private static final class Live {
    final double capacity;
    final double perNano;
    double tokens;
    long last = System.nanoTime();

    Live(Bucket b, double timeScale) {
      this.capacity = b.capacity();
      this.perNano = b.refillPerSecond() * timeScale / 1e9;
      this.tokens = capacity;
    }

    void refill(long now) {
      tokens = Math.min(capacity, tokens + (now - last) * perNano);
      last = now;
    }
  }
}
