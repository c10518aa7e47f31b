package io.regionaledge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.regionaledge.testkit.route53.AliasTarget;
import io.regionaledge.testkit.route53.Change;
import io.regionaledge.testkit.route53.RecordSet;
import io.regionaledge.testkit.route53.Route53Simulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's DNS server answers each source address as a user of its region: a latency record
 * per region in the simulator, asked over UDP on loopback with dnsjava's client (and dig, where
 * Debian's dnsutils is installed) from 127.0.1.250 and 127.0.2.250.
 */
class SandboxDnsTest {
  static Route53Simulator sim;
  static SandboxDns dns;

  @BeforeAll
  static void zoneWithALatencyRecordPerRegion() throws Exception {
    sim = Route53Simulator.builder().host("127.0.0.1").probing(false).start();
    String zone = sim.createHostedZone("example.com");
    sim.apply(
        zone,
        Change.create(RecordSet.simple("us-east-1.fast.example.com", "A", 60, "127.0.1.10")),
        Change.create(
            RecordSet.simple("eu-west-1.fast.example.com", "A", 60, "127.0.2.10", "127.0.2.11")),
        Change.create(latency("us-east-1", zone)),
        Change.create(latency("eu-west-1", zone)),
        Change.create(RecordSet.simple("www.example.com", "CNAME", 300, "fast.example.com")));
    dns = SandboxDns.start(sim, Map.of(1, "us-east-1", 2, "eu-west-1"), "127.0.0.1", 0);
  }

  static RecordSet latency(String region, String zone) {
    return new RecordSet(
        "fast.example.com",
        "A",
        region,
        null,
        region,
        null,
        null,
        new AliasTarget(zone, region + ".fast.example.com", false),
        null);
  }

  @AfterAll
  static void stop() {
    if (dns != null) {
      dns.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void eachRegionsSourceAddressGetsItsOwnRegionsAnswer() throws Exception {
    assertThat(dns.query(SandboxDns.clientAddress(1), "fast.example.com"))
        .containsExactly("127.0.1.10");
    assertThat(dns.query(SandboxDns.clientAddress(2), "fast.example.com"))
        .containsExactlyInAnyOrder("127.0.2.10", "127.0.2.11");
  }

  @Test
  void aSourceOfNoRegionIsAnsweredAsTheFirstRegionAndCnamesAreFollowed() throws Exception {
    assertThat(dns.query("127.0.0.1", "fast.example.com")).containsExactly("127.0.1.10");
    assertThat(dns.query(SandboxDns.clientAddress(2), "www.example.com"))
        .containsExactlyInAnyOrder("127.0.2.10", "127.0.2.11");
  }

  @Test
  void aNameTheZoneDoesNotHoldIsNxdomain() throws Exception {
    org.xbill.DNS.SimpleResolver r = new org.xbill.DNS.SimpleResolver("127.0.0.1");
    r.setPort(dns.port());
    org.xbill.DNS.Message reply =
        r.send(
            org.xbill.DNS.Message.newQuery(
                org.xbill.DNS.Record.newRecord(
                    org.xbill.DNS.Name.fromString("nothing.example.com."),
                    org.xbill.DNS.Type.A,
                    org.xbill.DNS.DClass.IN)));
    assertThat(reply.getRcode()).isEqualTo(org.xbill.DNS.Rcode.NXDOMAIN);
    assertThat(reply.getHeader().getFlag(org.xbill.DNS.Flags.AA)).isTrue();
  }

  @Test
  void theRealDigFromEachRegionsSourceSeesThatRegionsAnswerWhereDigIsInstalled() throws Exception {
    Path dig = Path.of("/usr/bin/dig");
    assumeThat(Files.isExecutable(dig)).as("dig (Debian dnsutils) installed").isTrue();
    assertThat(dig(dig, SandboxDns.clientAddress(1))).isEqualTo("127.0.1.10");
    assertThat(dig(dig, SandboxDns.clientAddress(2)).lines().sorted().toList())
        .containsExactly("127.0.2.10", "127.0.2.11");
  }

  static String dig(Path dig, String source) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    dig.toString(),
                    "@127.0.0.1",
                    "-p",
                    String.valueOf(dns.port()),
                    "-b",
                    source,
                    "+short",
                    "+tries=1",
                    "+time=2",
                    "fast.example.com"))
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }
}
