package io.regionaledge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
  @Test
  void aNameWithoutPortTakesTheDefault() {
    assertThat(HostPort.parse("us-east-1-fast.example.com", 443))
        .isEqualTo(new HostPort("us-east-1-fast.example.com", 443));
  }

  @Test
  void hostPortAndBracketedIpv6Parse() {
    assertThat(HostPort.parse("0.0.0.0:8443", -1)).isEqualTo(new HostPort("0.0.0.0", 8443));
    assertThat(HostPort.parse("[::1]:9090", -1)).isEqualTo(new HostPort("::1", 9090));
  }

  @Test
  void badPortsAndHostsAreRejected() {
    assertThatThrownBy(() -> HostPort.parse("x:99999", -1)).hasMessageContaining("port");
    assertThatThrownBy(() -> HostPort.parse("x:abc", -1)).hasMessageContaining("port");
    assertThatThrownBy(() -> HostPort.parse(":80", -1)).hasMessageContaining("host");
    assertThatThrownBy(() -> HostPort.parse("a/b:80", -1)).hasMessageContaining("host");
  }
}
