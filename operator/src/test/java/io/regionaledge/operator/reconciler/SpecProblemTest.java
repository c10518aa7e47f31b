package io.regionaledge.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class SpecProblemTest {
  @Test
  void aMissingSecretIsNamedInTheProblem() {
    assertThat(SpecProblem.checkSecret("fast-tls", null))
        .get()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo("TlsSecretMissing");
              assertThat(p.message()).contains("fast-tls");
            });
  }

  @Test
  void anOpaqueSecretIsTheWrongType() {
    Secret opaque =
        new SecretBuilder()
            .withType("Opaque")
            .addToData("tls.crt", "eA==")
            .addToData("tls.key", "eA==")
            .build();
    assertThat(SpecProblem.checkSecret("fast-tls", opaque))
        .get()
        .extracting(SpecProblem::reason)
        .isEqualTo("TlsSecretWrongType");
  }

  @Test
  void aTlsSecretWithoutItsKeyIsIncomplete() {
    Secret noKey =
        new SecretBuilder().withType("kubernetes.io/tls").addToData("tls.crt", "eA==").build();
    assertThat(SpecProblem.checkSecret("fast-tls", noKey))
        .get()
        .extracting(SpecProblem::reason)
        .isEqualTo("TlsSecretIncomplete");
  }

  @Test
  void aCompleteTlsSecretIsFine() {
    Secret ok =
        new SecretBuilder()
            .withType("kubernetes.io/tls")
            .addToData("tls.crt", "eA==")
            .addToData("tls.key", "eA==")
            .build();
    assertThat(SpecProblem.checkSecret("fast-tls", ok)).isEmpty();
  }
}
