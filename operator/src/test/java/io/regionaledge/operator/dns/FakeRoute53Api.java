package io.regionaledge.operator.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the read calls the watch makes; every other call fails loudly unless a test overrides it.
 */
class FakeRoute53Api implements Route53Api {
  final Map<String, List<CheckerObservation>> observations = new HashMap<>();
  final List<String> statusCalls = new ArrayList<>();
  HealthCheckQuota quota = new HealthCheckQuota(0, 200);
  int quotaCalls;

  @Override
  public List<CheckerObservation> healthCheckStatus(String healthCheckId) {
    statusCalls.add(healthCheckId);
    return observations.getOrDefault(healthCheckId, List.of());
  }

  @Override
  public HealthCheckQuota healthCheckQuota() {
    quotaCalls++;
    return quota;
  }

  private static UnsupportedOperationException no() {
    return new UnsupportedOperationException("not faked: override it in the test");
  }

  @Override
  public String zoneIdByName(String zoneName) {
    throw no();
  }

  @Override
  public List<Rrset> listRecords(String zoneId) {
    throw no();
  }

  @Override
  public List<Rrset> recordsNamed(String zoneId, String name) {
    throw no();
  }

  @Override
  public ChangeStatus changeRecords(String zoneId, List<Change> batch, String comment) {
    throw no();
  }

  @Override
  public ChangeStatus changeStatus(String changeId) {
    throw no();
  }

  @Override
  public String createHealthCheck(String callerReference, CheckConfig config) {
    throw no();
  }

  @Override
  public void updateHealthCheck(String healthCheckId, CheckConfig config) {
    throw no();
  }

  @Override
  public void tagHealthCheck(String healthCheckId, Map<String, String> tags) {
    throw no();
  }

  @Override
  public void deleteHealthCheck(String healthCheckId) {
    throw no();
  }

  @Override
  public List<HealthCheckRef> listHealthChecks() {
    throw no();
  }

  @Override
  public ObservedCheck healthCheck(String healthCheckId) {
    throw no();
  }
}
