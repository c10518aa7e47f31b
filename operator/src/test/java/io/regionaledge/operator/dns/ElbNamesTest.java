package io.regionaledge.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElbNamesTest {
  @Test
  void anNlbNameIsKnownByItsElbRegionSuffixAndKeepsItsName() {
    var lb = ElbNames.parse("K8s-Shop-Fast-0a1b2c.elb.eu-west-1.amazonaws.com.").orElseThrow();
    assertThat(lb.kind()).isEqualTo(ElbNames.Kind.NLB);
    assertThat(lb.region()).isEqualTo("eu-west-1");
    assertThat(lb.zoneId()).isEqualTo("Z2IFOLAFXWLO4F");
    assertThat(lb.aliasName()).isEqualTo("k8s-shop-fast-0a1b2c.elb.eu-west-1.amazonaws.com");
  }

  @Test
  void anAlbOrClassicNameIsKnownByItsRegionElbSuffixAndAliasedAsDualstack() {
    var lb = ElbNames.parse("internal-shop-123.ap-southeast-2.elb.amazonaws.com").orElseThrow();
    assertThat(lb.kind()).isEqualTo(ElbNames.Kind.ALB_OR_CLASSIC);
    assertThat(lb.zoneId()).isEqualTo("Z1GM3OXH4ZPM65");
    assertThat(lb.aliasName())
        .isEqualTo("dualstack.internal-shop-123.ap-southeast-2.elb.amazonaws.com");
    assertThat(
            ElbNames.parse("dualstack.shop-1.us-west-2.elb.amazonaws.com")
                .orElseThrow()
                .aliasName())
        .isEqualTo("dualstack.shop-1.us-west-2.elb.amazonaws.com");
  }

  @Test
  void chinaAndGovCloudNamesHaveTheirOwnZones() {
    assertThat(ElbNames.parse("a-1.elb.cn-north-1.amazonaws.com.cn").orElseThrow().zoneId())
        .isEqualTo("Z3QFB96KMJ7ED6");
    assertThat(ElbNames.parse("a-1.us-gov-west-1.elb.amazonaws.com").orElseThrow().zoneId())
        .isEqualTo("Z33AYJ8TM3BH4J");
  }

  @Test
  void namesOfOtherLoadBalancersOrUnknownRegionsAreNotElbNames() {
    assertThat(ElbNames.parse("lb.example.net")).isEmpty();
    assertThat(ElbNames.parse("a-1.elb.xx-nowhere-9.amazonaws.com")).isEmpty();
    assertThat(ElbNames.parse("203.0.113.7")).isEmpty();
  }
}
