package io.regionaledge.operator.dns;

import java.util.Map;

/**
 * Route53's throttling figures for one AWS account, as token buckets (capacity = burst, refill per
 * second). Source: Route 53 Developer Guide, "Throttling for Amazon Route 53 API requests": every
 * request takes a token from the account bucket (50, 10/s) and from its action's bucket
 * (CreateHealthCheck 50/0.5, DeleteHealthCheck 15/3, GetHealthCheckStatus 4/1; unlisted actions
 * 50/10, never tighter than the account's); record changes also take change-throughput tokens, an
 * UPSERT counting twice (re:Post, "How can I avoid Route 53 API throttling errors?"). The change
 * bucket's own figures are not published where we could read them: 1,000 refilling at 100/s is an
 * assumption, kept in line with the simulator's.
 *
 * @param actions per-action buckets tighter than the account's
 */
public record Route53Limits(Bucket account, Map<String, Bucket> actions, Bucket changes) {

  /** One bucket: capacity (burst) and refill per second. */
  public record Bucket(double capacity, double refillPerSecond) {
    public Bucket {
      if (capacity < 1 || refillPerSecond <= 0) {
        throw new IllegalArgumentException(
            "capacity must be >= 1 and refill > 0, got " + capacity + "/" + refillPerSecond);
      }
    }
  }

  public Route53Limits {
    actions = Map.copyOf(actions);
  }

  /** Route53's figures for a whole account. */
  public static Route53Limits route53() {
    return new Route53Limits(
        new Bucket(50, 10),
        Map.of(
            "CreateHealthCheck", new Bucket(50, 0.5),
            "DeleteHealthCheck", new Bucket(15, 3),
            "GetHealthCheckStatus", new Bucket(4, 1)),
        new Bucket(1000, 100));
  }

  /** The account bucket and CreateHealthCheck's replaced (the operator's flags). */
  public Route53Limits with(Bucket newAccount, Bucket createHealthCheck) {
    Map<String, Bucket> a = new java.util.HashMap<>(actions);
    a.put("CreateHealthCheck", createHealthCheck);
    return new Route53Limits(newAccount, a, changes);
  }

  /**
   * Every refill rate multiplied by {@code factor}, capacities kept: for tests that run faster than
   * real time.
   */
  public Route53Limits timesFaster(double factor) {
    Map<String, Bucket> a = new java.util.HashMap<>();
    actions.forEach((k, v) -> a.put(k, new Bucket(v.capacity(), v.refillPerSecond() * factor)));
    return new Route53Limits(
        new Bucket(account.capacity(), account.refillPerSecond() * factor),
        a,
        new Bucket(changes.capacity(), changes.refillPerSecond() * factor));
  }
}
