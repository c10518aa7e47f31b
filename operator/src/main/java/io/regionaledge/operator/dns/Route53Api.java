package io.regionaledge.operator.dns;

import java.util.List;
import java.util.Map;

/**
 * The few Route53 calls RegionalEdge makes. Errors are the AWS SDK's exceptions, classified by
 * {@link Failure}. Zone, change and health-check ids are bare ({@code Z123}, not {@code
 * /hostedzone/Z123}).
 */
public interface Route53Api {

  /** The public hosted zone with exactly this name. */
  String zoneIdByName(String zoneName);

  /** Every record set in the zone, all pages. */
  List<Rrset> listRecords(String zoneId);

  /**
   * The record sets at exactly this name (one short listing from the name): a fresh look before a
   * withdrawal.
   */
  List<Rrset> recordsNamed(String zoneId, String name);

  /** One atomic ChangeResourceRecordSets batch. */
  ChangeStatus changeRecords(String zoneId, List<Change> batch, String comment);

  /** GetChange: PENDING until every Route53 name server has it, then INSYNC. */
  ChangeStatus changeStatus(String changeId);

  /** CreateHealthCheck: the same CallerReference and settings return the existing check. */
  String createHealthCheck(String callerReference, CheckConfig config);

  /**
   * UpdateHealthCheck: the settings that can change in place (port, path, FQDN, EnableSNI, failure
   * threshold, IP) set to {@code config}'s. Type, RequestInterval and MeasureLatency cannot change.
   */
  void updateHealthCheck(String healthCheckId, CheckConfig config);

  void tagHealthCheck(String healthCheckId, Map<String, String> tags);

  /** Returns normally when the check is already gone. */
  void deleteHealthCheck(String healthCheckId);

  /** ListHealthChecks, all pages: every check of the account with its CallerReference. */
  List<HealthCheckRef> listHealthChecks();

  record HealthCheckRef(String id, String callerReference) {}

  /**
   * GetHealthCheckStatus: what each of Route53's checker regions saw last (its own 4-burst, 1/s
   * bucket: call only from {@link CheckerStatusCache}, never on the sync path).
   */
  List<CheckerObservation> healthCheckStatus(String healthCheckId);

  /**
   * One checker region's last report, e.g. "Success: HTTP Status Code 200, OK" or "Failure: ...".
   */
  record CheckerObservation(String region, String status) {
    /** Route53 prefixes every report with Success or Failure (API_StatusReport.html). */
    public boolean healthy() {
      return status != null && status.startsWith("Success");
    }
  }

  /**
   * GetHealthCheck: the check's settings, or null when there is no such check. Used only while
   * adopting.
   */
  ObservedCheck healthCheck(String healthCheckId);

  /**
   * A health check's settings as Route53 holds them (defaults filled in: interval 30, threshold 3).
   */
  record ObservedCheck(
      String id,
      String type,
      String ipAddress,
      Integer port,
      String fqdn,
      String path,
      String searchString,
      int requestInterval,
      int failureThreshold,
      boolean measureLatency,
      boolean inverted,
      boolean disabled) {}

  /** GetAccountLimit MAX_HEALTH_CHECKS_BY_OWNER: checks in use and the account's quota. */
  HealthCheckQuota healthCheckQuota();

  record HealthCheckQuota(long used, long limit) {}

  record ChangeStatus(String id, String status) {
    public boolean inSync() {
      return "INSYNC".equals(status);
    }
  }
}
