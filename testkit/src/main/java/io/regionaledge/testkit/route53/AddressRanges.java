package io.regionaledge.testkit.route53;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The addresses Route53 refuses to health-check: "local, private, non-routable, or multicast
 * ranges" per RFC 5735, RFC 6598 and RFC 5156 (botocore route53 service-2.json,
 * HealthCheckConfig.IPAddress and UpdateHealthCheckRequest.IPAddress), plus an explicit allow-list
 * a test world on loopback adds ({@link
 * Route53Simulator.Builder#allowNonPublicHealthCheckAddresses}).
 */
final class AddressRanges {
  private static final List<Cidr> NON_PUBLIC =
      List.of(
          // RFC 5735 (IPv4 special use) and RFC 6598 (shared address space)
          Cidr.parse("0.0.0.0/8"),
          Cidr.parse("10.0.0.0/8"),
          Cidr.parse("100.64.0.0/10"),
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("169.254.0.0/16"),
          Cidr.parse("172.16.0.0/12"),
          Cidr.parse("192.0.0.0/24"),
          Cidr.parse("192.0.2.0/24"),
          Cidr.parse("192.88.99.0/24"),
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("198.18.0.0/15"),
          Cidr.parse("198.51.100.0/24"),
          Cidr.parse("203.0.113.0/24"),
          Cidr.parse("224.0.0.0/4"),
          Cidr.parse("240.0.0.0/4"),
          // RFC 5156 (IPv6 special use; IPv4-mapped addresses are parsed as IPv4 and checked above)
          Cidr.parse("::/128"),
          Cidr.parse("::1/128"),
          Cidr.parse("fc00::/7"),
          Cidr.parse("fe80::/10"),
          Cidr.parse("fec0::/10"),
          Cidr.parse("ff00::/8"),
          Cidr.parse("2001:db8::/32"),
          Cidr.parse("2001:10::/28"));

  private final List<Cidr> allowed;

  AddressRanges(List<String> allowedCidrs) {
    this.allowed = allowedCidrs.stream().map(Cidr::parse).toList();
  }

  /**
   * True when Route53 would refuse to check this (well-formed) address and no allow-list entry
   * covers it.
   */
  boolean refused(String ip) {
    byte[] b = bytes(ip);
    return NON_PUBLIC.stream().anyMatch(c -> c.contains(b))
        && allowed.stream().noneMatch(c -> c.contains(b));
  }

  private static byte[] bytes(String ip) {
    try {
      return InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }

  record Cidr(byte[] network, int bits) {
    static Cidr parse(String s) {
      int slash = s.indexOf('/');
      if (slash < 0) throw new IllegalArgumentException("not a CIDR: " + s);
      byte[] net = bytes(s.substring(0, slash));
      int bits = Integer.parseInt(s.substring(slash + 1));
      if (bits < 0 || bits > net.length * 8)
        throw new IllegalArgumentException("bad prefix length: " + s);
      return new Cidr(net, bits);
    }

    boolean contains(byte[] addr) {
      if (addr.length != network.length) return false;
      int shift = addr.length * 8 - bits;
      return new BigInteger(1, addr)
          .shiftRight(shift)
          .equals(new BigInteger(1, network).shiftRight(shift));
    }
  }
}
