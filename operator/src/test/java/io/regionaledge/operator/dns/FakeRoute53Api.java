package io.regionaledge.operator.dns;

import java.util.List;
import java.util.Map;

/** A Route53Api whose every call fails until a test overrides the few it needs. */
abstract class FakeRoute53Api implements Route53Api {
  @Override public String zoneIdByName(String zoneName) { throw new UnsupportedOperationException(); }
  @Override public List<Rrset> listRecords(String zoneId) { throw new UnsupportedOperationException(); }
  @Override public List<Rrset> recordsNamed(String zoneId, String name) { throw new UnsupportedOperationException(); }
  @Override public ChangeStatus changeRecords(String zoneId, List<Change> batch, String comment) { throw new UnsupportedOperationException(); }
  @Override public ChangeStatus changeStatus(String changeId) { throw new UnsupportedOperationException(); }
  @Override public String createHealthCheck(String callerReference, CheckConfig config) { throw new UnsupportedOperationException(); }
  @Override public void updateHealthCheck(String healthCheckId, CheckConfig config) { throw new UnsupportedOperationException(); }
  @Override public void tagHealthCheck(String healthCheckId, Map<String, String> tags) { throw new UnsupportedOperationException(); }
  @Override public void deleteHealthCheck(String healthCheckId) { throw new UnsupportedOperationException(); }
  @Override public List<HealthCheckRef> listHealthChecks() { throw new UnsupportedOperationException(); }
  @Override public HealthCheckQuota healthCheckQuota() { throw new UnsupportedOperationException(); }
  @Override public ObservedCheck healthCheck(String healthCheckId) { throw new UnsupportedOperationException(); }
}
