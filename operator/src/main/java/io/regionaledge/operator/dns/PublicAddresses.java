package io.regionaledge.operator.dns;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which instance addresses Route53 can health-check. It refuses "local, private, non-routable, or
 * multicast ranges" (RFC 5735, RFC 6598, RFC 5156; botocore route53 HealthCheckConfig.IPAddress),
 * so such an instance is skipped with a message instead of failing the whole resource's sync. A
 * test world on loopback allows its own ranges explicitly ({@code --route53-allow-nonpublic}).
 */
public final class PublicAddresses {
  private static final List<String> NON_PUBLIC =
      List.of(
          "0.0.0.0/8",
          "10.0.0.0/8",
          "100.64.0.0/10",
          "127.0.0.0/8",
          "169.254.0.0/16",
          "172.16.0.0/12",
          "192.0.0.0/24",
          "192.0.2.0/24",
          "192.88.99.0/24",
          "192.168.0.0/16",
          "198.18.0.0/15",
          "198.51.100.0/24",
          "203.0.113.0/24",
          "224.0.0.0/4",
          "240.0.0.0/4",
          "::/128",
          "::1/128",
          "fc00::/7",
          "fe80::/10",
          "fec0::/10",
          "ff00::/8",
          "2001:db8::/32",
          "2001:10::/28");
  private static final List<Cidr> RANGES = NON_PUBLIC.stream().map(Cidr::parse).toList();

  private final List<Cidr> allowed;

  private PublicAddresses(List<Cidr> allowed) {
    this.allowed = allowed;
  }

  /** Route53's rule, nothing allowed beyond it. */
  public static PublicAddresses route53() {
    return new PublicAddresses(List.of());
  }

  /** Route53's rule plus these CIDRs (test worlds only). */
  public static PublicAddresses allowing(List<String> cidrs) {
    return new PublicAddresses(cidrs.stream().map(Cidr::parse).toList());
  }

  /** Null when Route53 can check {@code ip}; else why not. */
  public String refusal(String ip) {
    byte[] b = Cidr.bytes(ip);
    for (Cidr c : RANGES) {
      if (c.contains(b)) {
        return allowed.stream().anyMatch(a -> a.contains(b))
            ? null
            : "address "
                + ip
                + " is in "
                + c.text()
                + ", a private, loopback or reserved range Route53 cannot health-check";
      }
    }
    return null;
  }

  record Cidr(String text, byte[] network, int bits) {
    static Cidr parse(String s) {
      int slash = s.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("not a CIDR (address/bits): " + s);
      }
      byte[] net = bytes(s.substring(0, slash));
      int bits = Integer.parseInt(s.substring(slash + 1));
      if (bits < 0 || bits > net.length * 8) {
        throw new IllegalArgumentException("bad prefix length in " + s);
      }
      return new Cidr(s, net, bits);
    }

    static byte[] bytes(String ip) {
      try {
        return InetAddress.getByName(ip).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP address: " + ip, e);
      }
    }

    boolean contains(byte[] addr) {
      if (addr.length != network.length) {
        return false;
      }
      int shift = addr.length * 8 - bits;
      return new BigInteger(1, addr)
          .shiftRight(shift)
          .equals(new BigInteger(1, network).shiftRight(shift));
    }
  }
}
