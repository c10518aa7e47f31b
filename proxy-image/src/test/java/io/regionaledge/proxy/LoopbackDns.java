package io.regionaledge.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A DNS server on a loopback UDP port, authoritative for the names it is given: A queries get the
 * configured IPv4 addresses with the configured TTL, AAAA queries an empty NOERROR answer (the name
 * exists, no IPv6), other names NXDOMAIN (RFC 1035 section 4.1.1). {@link #silent} drops every
 * query, as an unreachable resolver would.
 */
final class LoopbackDns implements AutoCloseable {
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
  private final Channel channel;

  /** Names asked (lower case, absolute), in order: what the resolver really sent. */
  final List<String> questions = new CopyOnWriteArrayList<>();

  volatile boolean silent;
  volatile int ttlSeconds = 300;

  LoopbackDns() throws InterruptedException {
    channel =
        new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .handler(
                new ChannelInitializer<DatagramChannel>() {
                  @Override
                  protected void initChannel(DatagramChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new DatagramDnsQueryDecoder(),
                            new DatagramDnsResponseEncoder(),
                            new Answer());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** From now on {@code name} resolves to these IPv4 addresses, in this order. */
  void answer(String name, String... ipv4) throws Exception {
    InetAddress[] addresses = new InetAddress[ipv4.length];
    for (int i = 0; i < ipv4.length; i++) {
      addresses[i] = InetAddress.getByName(ipv4[i]); // literals only: no lookup
    }
    answers.put(absolute(name), List.of(addresses));
  }

  private static String absolute(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n : n + ".";
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  private final class Answer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
      DnsQuestion q = query.recordAt(DnsSection.QUESTION);
      String name = absolute(q.name());
      questions.add(name);
      if (silent) {
        return;
      }
      DatagramDnsResponse r =
          new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
      r.setAuthoritativeAnswer(true)
          .setRecursionDesired(query.isRecursionDesired())
          .setRecursionAvailable(true);
      r.addRecord(DnsSection.QUESTION, q);
      List<InetAddress> found = answers.get(name);
      if (found == null) {
        r.setCode(DnsResponseCode.NXDOMAIN);
      } else if (q.type() == DnsRecordType.A) {
        for (InetAddress a : found) {
          r.addRecord(
              DnsSection.ANSWER,
              new DefaultDnsRawRecord(
                  q.name(), DnsRecordType.A, ttlSeconds, Unpooled.wrappedBuffer(a.getAddress())));
        }
      }
      ctx.writeAndFlush(r);
    }
  }
}
