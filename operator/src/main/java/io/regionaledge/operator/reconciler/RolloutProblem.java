package io.regionaledge.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.regionaledge.operator.api.InstanceStatus;
import java.util.List;
import java.util.Optional;

/**
 * Why proxies are missing or unreachable, from what the cluster reports, so that "0/2 ready" comes
 * with a cause and what to do: the Deployment's ReplicaFailure (pods refused at creation, Pod
 * Security among them: hostPort needs the privileged level) and ProgressDeadlineExceeded
 * (apps/v1 DeploymentConditionType), and for HostPort exposure nodes without an ExternalIP.
 */
record RolloutProblem(String reason, String message) {

  static Optional<RolloutProblem> find(Deployment deployment, List<InstanceStatus> instances, boolean hostPort) {
    List<DeploymentCondition> conditions = deployment == null || deployment.getStatus() == null
        || deployment.getStatus().getConditions() == null ? List.of() : deployment.getStatus().getConditions();
    for (DeploymentCondition c : conditions) {
      if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
        String message = String.valueOf(c.getMessage());
        if (message.contains("PodSecurity")) {
          return Optional.of(new RolloutProblem("PodSecurityRejected", "pods are refused by Pod Security: " + message
              + (hostPort ? "; HostPort exposure needs the namespace labelled"
                  + " pod-security.kubernetes.io/enforce=privileged, or use exposure.type LoadBalancer" : "")));
        }
        return Optional.of(new RolloutProblem("ReplicaFailure", "pods cannot be created: " + message));
      }
    }
    for (DeploymentCondition c : conditions) {
      if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())
          && "ProgressDeadlineExceeded".equals(c.getReason())) {
        return Optional.of(new RolloutProblem("ProgressDeadlineExceeded", "the proxy rollout is stuck: "
            + c.getMessage()));
      }
    }
    if (hostPort) {
      List<String> noAddress = instances.stream().filter(i -> i.getNode() != null && i.getPublicAddress() == null)
          .map(InstanceStatus::getNode).distinct().toList();
      if (!noAddress.isEmpty()) {
        return Optional.of(new RolloutProblem("NoExternalIP", "node" + (noAddress.size() > 1 ? "s " : " ")
            + String.join(", ", noAddress) + " report no ExternalIP address (a private subnet?): HostPort exposure"
            + " publishes each node's public IPv4, so run the proxies on nodes with public addresses"
            + " (a node group in public subnets) or use exposure.type LoadBalancer"));
      }
    }
    return Optional.empty();
  }
}
