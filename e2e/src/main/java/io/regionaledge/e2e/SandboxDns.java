package io.regionaledge.e2e;

import io.regionaledge.testkit.route53.Answer;
import io.regionaledge.testkit.route53.Route53Simulator;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The Route53 simulator's answers over real DNS (UDP, on loopback), so {@code dig} shows what a
 * user in each region resolves while the sandbox runs. The client's region is its source address:
 * region number i of the world owns 127.0.i.0/24 (its nodes are 127.0.i.1..3), so {@code dig -b
 * 127.0.1.250} asks as a user of the first region. Any other source is answered as the first
 * region. A queries follow the simulator's latency, weighted and alias choice and its health
 * checks; other types get an empty answer. dnsjava does the wire format only.
 */
public final class SandboxDns implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxDns.class);

  /**
   * The last octet a region's pretend users take in the examples, clear of the nodes (1..3) and the
   * backend (100).
   */
  public static final int CLIENT_HOST = 250;

  private final Route53Simulator route53;
  private final Map<Integer, String> regionByNumber;
  private final String defaultRegion;
  private final DatagramSocket socket;
  private final Thread loop;

  private SandboxDns(
      Route53Simulator route53, Map<Integer, String> regionByNumber, DatagramSocket socket) {
    this.route53 = route53;
    this.regionByNumber = new TreeMap<>(regionByNumber);
    this.defaultRegion = this.regionByNumber.values().iterator().next();
    this.socket = socket;
    this.loop = new Thread(this::serve, "sandbox-dns-" + socket.getLocalPort());
    loop.setDaemon(true);
  }

  /**
   * Serves on {@code host:port} (port 0: any free one; a taken port falls back to a free one).
   *
   * @param regionByNumber the world's region numbers (third octet of their addresses) to region
   *     names
   */
  public static SandboxDns start(
      Route53Simulator route53, Map<Integer, String> regionByNumber, String host, int port)
      throws IOException {
    if (regionByNumber.isEmpty()) {
      throw new IllegalArgumentException("no regions");
    }
    DatagramSocket socket;
    try {
      socket = new DatagramSocket(new InetSocketAddress(host, port));
    } catch (SocketException taken) {
      socket = new DatagramSocket(new InetSocketAddress(host, 0));
    }
    SandboxDns dns = new SandboxDns(route53, regionByNumber, socket);
    dns.loop.start();
    return dns;
  }

  /** The World's regions by number. */
  public static Map<Integer, String> regions(World world) {
    Map<Integer, String> out = new TreeMap<>();
    world.clusters().forEach(c -> out.put(c.plan().number(), c.region()));
    return out;
  }

  public int port() {
    return socket.getLocalPort();
  }

  public String host() {
    return socket.getLocalAddress().getHostAddress();
  }

  /** The source address the examples give a user of region {@code number}. */
  public static String clientAddress(int number) {
    return "127.0." + number + "." + CLIENT_HOST;
  }

  /** The region a query from {@code source} is answered for. */
  public String regionOf(InetAddress source) {
    byte[] a = source.getAddress();
    if (a.length == 4 && a[0] == 127 && a[1] == 0) {
      String region = regionByNumber.get(a[2] & 0xff);
      if (region != null) {
        return region;
      }
    }
    return defaultRegion;
  }

  private void serve() {
    byte[] buffer = new byte[512];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        byte[] reply = answer(query, regionOf(packet.getAddress())).toWire(512);
        socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
      } catch (IOException | RuntimeException e) {
        if (!socket.isClosed()) {
          LOG.warn(
              "sandbox DNS: dropped a query from {}: {}", packet.getSocketAddress(), e.toString());
        }
      }
    }
  }

  /** The reply to one query, as the simulator's resolver answers a user in {@code region}. */
  Message answer(Message query, String region) {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      reply.getHeader().setFlag(Flags.RD);
    }
    Record question = query.getQuestion();
    if (question == null) {
      reply.getHeader().setRcode(Rcode.FORMERR);
      return reply;
    }
    reply.addRecord(question, Section.QUESTION);
    if (question.getDClass() != DClass.IN) {
      reply.getHeader().setRcode(Rcode.REFUSED);
      return reply;
    }
    Answer a = route53.resolve(region, question.getName().toString());
    reply.getHeader().setRcode("NXDOMAIN".equals(a.rcode()) ? Rcode.NXDOMAIN : Rcode.NOERROR);
    Name owner = question.getName();
    long ttl = a.ttl();
    for (String cname : a.cnames()) {
      Name target = name(cname);
      reply.addRecord(new CNAMERecord(owner, DClass.IN, ttl, target), Section.ANSWER);
      owner = target;
    }
    if (question.getType() == Type.A || question.getType() == Type.ANY) {
      for (String address : a.addresses()) {
        try {
          reply.addRecord(
              new ARecord(owner, DClass.IN, ttl, InetAddress.getByName(address)), Section.ANSWER);
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException("the simulator answered a non-address " + address, e);
        }
      }
    }
    return reply;
  }

  /**
   * Asks this server for {@code hostname}'s A records from {@code source}, as dig -b does; the
   * addresses answered.
   */
  public java.util.List<String> query(String source, String hostname) throws IOException {
    org.xbill.DNS.SimpleResolver resolver =
        new org.xbill.DNS.SimpleResolver(InetAddress.getByName(host()));
    resolver.setPort(port());
    resolver.setLocalAddress(new InetSocketAddress(source, 0));
    resolver.setTimeout(java.time.Duration.ofSeconds(2));
    Message reply =
        resolver.send(Message.newQuery(Record.newRecord(name(hostname), Type.A, DClass.IN)));
    return reply.getSection(Section.ANSWER).stream()
        .filter(r -> r instanceof ARecord)
        .map(r -> ((ARecord) r).getAddress().getHostAddress())
        .toList();
  }

  private static Name name(String s) {
    try {
      return Name.fromString(s.endsWith(".") ? s : s + ".");
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + s, e);
    }
  }

  @Override
  public void close() {
    socket.close();
    try {
      loop.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
