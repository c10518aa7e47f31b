package io.regionaledge.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.regionaledge.operator.api.InstanceStatus;
import io.regionaledge.operator.exposure.HostPortExposure;
import io.regionaledge.operator.exposure.LoadBalancerExposure;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutProblemTest {
  private static Deployment withCondition(
      String type, String status, String reason, String message) {
    return new DeploymentBuilder()
        .withNewStatus()
        .addNewCondition()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void aPodSecurityRefusalSaysWhichLevelHostPortNeeds() {
    Deployment d =
        withCondition(
            "ReplicaFailure",
            "True",
            "FailedCreate",
            "pods \"fast-proxy-abc\" is forbidden: "
                + "violates PodSecurity \"baseline:latest\": hostPort (container \"proxy\" uses hostPort 443)");

    RolloutProblem problem =
        RolloutProblem.find(d, List.of(), new HostPortExposure(443)).orElseThrow();

    assertThat(problem.reason()).isEqualTo("PodSecurityRejected");
    assertThat(problem.message())
        .contains("baseline:latest")
        .contains("pod-security.kubernetes.io/enforce=privileged");
  }

  @Test
  void aStuckRolloutIsNamed() {
    Deployment d =
        withCondition(
            "Progressing",
            "False",
            "ProgressDeadlineExceeded",
            "ReplicaSet \"fast-proxy-1\" has timed out progressing.");

    assertThat(RolloutProblem.find(d, List.of(), new HostPortExposure(443)))
        .get()
        .extracting(RolloutProblem::reason)
        .isEqualTo("ProgressDeadlineExceeded");
  }

  @Test
  void hostPortNodesWithoutAnExternalIpAreNamedWithWhatToDo() {
    List<InstanceStatus> instances =
        List.of(
            new InstanceStatus("p1", "ip-10-0-1-5", null, true),
            new InstanceStatus("p2", "ip-10-0-2-6", "203.0.113.9", true));

    RolloutProblem problem =
        RolloutProblem.find(null, instances, new HostPortExposure(443)).orElseThrow();

    assertThat(problem.reason()).isEqualTo("NoExternalIP");
    assertThat(problem.message())
        .contains("ip-10-0-1-5")
        .doesNotContain("ip-10-0-2-6")
        .contains("LoadBalancer");
    assertThat(RolloutProblem.find(null, instances, new LoadBalancerExposure(443))).isEmpty();
  }

  @Test
  void loadBalancerPodsWithoutAnAddressSayTheServiceHasNoLoadBalancerYet() {
    List<InstanceStatus> instances = List.of(new InstanceStatus("p1", "n1", null, true));

    RolloutProblem problem =
        RolloutProblem.find(null, instances, new LoadBalancerExposure(443)).orElseThrow();

    assertThat(problem.reason()).isEqualTo("LoadBalancerPending");
    assertThat(problem.message()).contains("AWS Load Balancer Controller");
    assertThat(
            RolloutProblem.find(
                null,
                List.of(new InstanceStatus("p1", "n1", "lb.elb.us-east-1.amazonaws.com", true)),
                new LoadBalancerExposure(443)))
        .isEmpty();
  }

  @Test
  void aPodSecurityRefusalUnderLoadBalancerExposureGivesNoHostPortAdvice() {
    Deployment d =
        withCondition(
            "ReplicaFailure", "True", "FailedCreate", "violates PodSecurity \"restricted:latest\"");

    assertThat(
            RolloutProblem.find(d, List.of(), new LoadBalancerExposure(443))
                .orElseThrow()
                .message())
        .doesNotContain("HostPort");
  }
}
