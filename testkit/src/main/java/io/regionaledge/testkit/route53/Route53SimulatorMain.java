package io.regionaledge.testkit.route53;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulator until killed: {@code --host H --port N --zone NAME (repeatable) --interval-ms N
 * --insync-ms N --allow-nonpublic CIDR[,CIDR]}.
 */
public final class Route53SimulatorMain {
  private Route53SimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    Route53Simulator.Builder b = Route53Simulator.builder();
    List<String> zones = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--help") || flag.equals("-h")) {
          usage(null);
          return;
        }
        if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        String v = args[++i];
        switch (flag) {
          case "--host" -> b.host(v);
          case "--port" -> b.port(Integer.parseInt(v));
          case "--zone" -> zones.add(v);
          case "--interval-ms" -> b.healthCheckInterval(Duration.ofMillis(Long.parseLong(v)));
          case "--quota" -> b.healthCheckQuota(Integer.parseInt(v));
          case "--insync-ms" -> b.insyncDelay(Duration.ofMillis(Long.parseLong(v)));
          case "--allow-nonpublic" -> b.allowNonPublicHealthCheckAddresses(v.split(","));
          default -> throw new IllegalArgumentException("unknown flag " + flag);
        }
      }
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      System.exit(2);
    }
    Route53Simulator sim = b.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.close();
                  stopped.countDown();
                }));
    System.out.println("route53 simulator at " + sim.endpoint());
    for (String z : zones)
      System.out.println("hosted zone " + z + " id " + sim.createHostedZone(z));
    System.out.println("try: curl '" + sim.endpoint() + "/_sim/zones'");
    stopped.await();
  }

  private static void usage(String error) {
    if (error != null) System.err.println("error: " + error);
    System.err.println(
        "usage: Route53SimulatorMain [--host 127.0.0.1] [--port 0] [--zone example.com]... "
            + "[--interval-ms 300] [--quota 200] [--insync-ms 30000] [--allow-nonpublic 127.0.0.0/8]");
  }
}
