package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.exposure.Exposure;
import java.util.List;
import java.util.Optional;

/**
 * Why proxies are missing or unreachable, from what the cluster reports, so that "0/2 ready" comes
 * with a cause and what to do: the Deployment's ReplicaFailure (pods refused at creation, Pod
 * Security among them: hostPort needs the privileged level) and ProgressDeadlineExceeded (apps/v1
 * DeploymentConditionType), and what the exposure says keeps the instances unreachable (HostPort:
 * nodes without an ExternalIP; LoadBalancer: no load-balancer address yet).
 */
record RolloutProblem(String reason, String message) {

  static Optional<RolloutProblem> find(
      Deployment deployment, List<InstanceStatus> instances, Exposure exposure) {
    List<DeploymentCondition> conditions =
        deployment == null
                || deployment.getStatus() == null
                || deployment.getStatus().getConditions() == null
            ? List.of()
            : deployment.getStatus().getConditions();
    for (DeploymentCondition c : conditions) {
      if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
        String message = String.valueOf(c.getMessage());
        if (message.contains("PodSecurity")) {
          return Optional.of(
              new RolloutProblem(
                  "PodSecurityRejected",
                  "pods are refused by Pod Security: " + message + exposure.podSecurityAdvice()));
        }
        return Optional.of(
            new RolloutProblem("ReplicaFailure", "pods cannot be created: " + message));
      }
    }
    for (DeploymentCondition c : conditions) {
      if ("Progressing".equals(c.getType())
          && "False".equals(c.getStatus())
          && "ProgressDeadlineExceeded".equals(c.getReason())) {
        return Optional.of(
            new RolloutProblem(
                "ProgressDeadlineExceeded", "the proxy rollout is stuck: " + c.getMessage()));
      }
    }
    return exposure.unreachable(instances).map(p -> new RolloutProblem(p.reason(), p.message()));
  }
}
