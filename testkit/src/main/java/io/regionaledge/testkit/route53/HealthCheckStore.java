package io.regionaledge.testkit.route53;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The account's health checks: CallerReference idempotency, the quota, versions and tags. Shares
 * the hosted zones' lock (see {@link HostedZoneStore}).
 */
final class HealthCheckStore {
  /** Told when health checks appear, change or go, so probing follows the account. */
  interface Listener {
    void healthCheckChanged(HealthCheck check);

    void healthCheckDeleted(String id);
  }

  private final Object lock;
  private final AccountLimits limits;
  private final AddressRanges addresses;
  private final boolean refuseDeletingInUse;
  private final Function<String, Optional<String>> referrer;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
  private final Map<String, String> idByCallerReference = new HashMap<>();
  private final Set<String> deletedCallerReferences = new HashSet<>();

  /**
   * @param referrer the record referring to a check, if any (for HealthCheckInUse)
   */
  HealthCheckStore(
      Object lock,
      AccountLimits limits,
      AddressRanges addresses,
      boolean refuseDeletingInUse,
      Function<String, Optional<String>> referrer) {
    this.lock = lock;
    this.limits = limits;
    this.addresses = addresses;
    this.refuseDeletingInUse = refuseDeletingInUse;
    this.referrer = referrer;
  }

  void addListener(Listener l) {
    listeners.add(l);
  }

  HealthCheck create(String callerReference, HealthCheckConfig config) {
    synchronized (lock) {
      if (callerReference == null || callerReference.isBlank() || callerReference.length() > 64) {
        throw ApiException.invalidInput(
            "Invalid parameter: CallerReference must be 1 to 64 characters");
      }
      HealthCheckConfig c = HealthCheckRules.validate(config, addresses);
      // Route53 refuses a deleted check's reference "for a number of days" (botocore
      // HealthCheckAlreadyExists); the simulator never forgets it
      if (deletedCallerReferences.contains(callerReference)) {
        throw new ApiException(
            409,
            "HealthCheckAlreadyExists",
            "A health check with the CallerReference "
                + callerReference
                + " was deleted; a CallerReference cannot be reused.");
      }
      String existingId = idByCallerReference.get(callerReference);
      if (existingId != null) {
        HealthCheck existing = checks.get(existingId);
        if (existing.config().equals(c)) return existing;
        throw new ApiException(
            409,
            "HealthCheckAlreadyExists",
            "A health check with the CallerReference "
                + callerReference
                + " already exists with different settings.");
      }
      // the quota is MAX_HEALTH_CHECKS_BY_OWNER, which GetAccountLimit reports
      if (checks.size() >= limits.healthChecks()) {
        throw new ApiException(
            400,
            "TooManyHealthChecks",
            "This AWS account has reached the limit of "
                + limits.healthChecks()
                + " health checks. Delete some or request a higher limit.");
      }
      // botocore HealthCheck.HealthCheckVersion: "sets to 1 when you create a health check"
      HealthCheck hc =
          new HealthCheck(UUID.randomUUID().toString(), callerReference, c, 1, Map.of());
      checks.put(hc.id(), hc);
      idByCallerReference.put(callerReference, hc.id());
      listeners.forEach(l -> l.healthCheckChanged(hc));
      return hc;
    }
  }

  HealthCheck get(String id) {
    synchronized (lock) {
      HealthCheck hc = checks.get(id);
      if (hc == null) throw ApiException.noSuchHealthCheck(id);
      return hc;
    }
  }

  boolean exists(String id) {
    synchronized (lock) {
      return checks.containsKey(id);
    }
  }

  int count() {
    synchronized (lock) {
      return checks.size();
    }
  }

  List<HealthCheck> all() {
    synchronized (lock) {
      return List.copyOf(checks.values());
    }
  }

  HostedZoneStore.Page<HealthCheck> list(String marker, int maxItems) {
    synchronized (lock) {
      return HostedZoneStore.page(
          new ArrayList<>(checks.values()), HealthCheck::id, marker, maxItems, "a health check id");
    }
  }

  /**
   * In-place update of what Route53 lets you change; Type and RequestInterval are fixed for life.
   * botocore UpdateHealthCheckRequest.HealthCheckVersion: when given and not the check's current
   * version, HealthCheckVersionMismatch (409) and nothing changes; HealthCheck.HealthCheckVersion
   * "increments by 1 each time you update settings for the health check".
   */
  HealthCheck update(String id, Long expectedVersion, UnaryOperator<HealthCheckConfig> update) {
    synchronized (lock) {
      HealthCheck hc = get(id);
      if (expectedVersion != null && expectedVersion != hc.version()) {
        throw new ApiException(
            409,
            "HealthCheckVersionMismatch",
            "The value of HealthCheckVersion in the request "
                + "doesn't match the value of HealthCheckVersion in the health check ("
                + hc.version()
                + ").");
      }
      HealthCheckConfig c = HealthCheckRules.validate(update.apply(hc.config()), addresses);
      HealthCheck updated =
          new HealthCheck(hc.id(), hc.callerReference(), c, hc.version() + 1, hc.tags());
      checks.put(id, updated);
      listeners.forEach(l -> l.healthCheckChanged(updated));
      return updated;
    }
  }

  void delete(String id) {
    synchronized (lock) {
      HealthCheck hc = get(id);
      if (refuseDeletingInUse) {
        // stricter than Route53 (which allows it; botocore HealthCheckInUse: "not in use"), to
        // catch deleting a check before the record that uses it
        referrer
            .apply(id)
            .ifPresent(
                r -> {
                  throw new ApiException(
                      400,
                      "HealthCheckInUse",
                      "The health check " + id + " is still referenced by " + r + ".");
                });
      }
      checks.remove(id);
      idByCallerReference.remove(hc.callerReference());
      deletedCallerReferences.add(hc.callerReference());
      listeners.forEach(l -> l.healthCheckDeleted(id));
    }
  }

  void changeTags(String id, Map<String, String> add, List<String> removeKeys) {
    synchronized (lock) {
      HealthCheck hc = get(id);
      checks.put(
          id,
          new HealthCheck(
              hc.id(),
              hc.callerReference(),
              hc.config(),
              hc.version(),
              Tags.changed(hc.tags(), add, removeKeys)));
    }
  }
}
