package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.regionaledge.operator.api.RegionalEdge;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a RegionalEdge, for `kubectl describe`. Best effort: never fails a
 * reconcile.
 */
public class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  public static final String COMPONENT = "regionaledge-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private final String host;

  public EventRecorder(KubernetesClient client, Clock clock, String host) {
    this.client = client;
    this.clock = clock;
    this.host = host;
  }

  public void normal(RegionalEdge edge, String reason, String message) {
    record(edge, "Normal", reason, message);
  }

  public void warning(RegionalEdge edge, String reason, String message) {
    record(edge, "Warning", reason, message);
  }

  private void record(RegionalEdge edge, String type, String reason, String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    String ns = edge.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      edge.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                  .withNamespace(ns)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(edge.getApiVersion())
                          .withKind(edge.getKind())
                          .withName(edge.getMetadata().getName())
                          .withNamespace(ns)
                          .withUid(edge.getMetadata().getUid())
                          .withResourceVersion(edge.getMetadata().getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .withHost(host)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .withReportingInstance(host)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          ns,
          edge.getMetadata().getName(),
          e.getMessage());
    }
  }
}
