package io.regionaledge.e2e;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Where one region lives on loopback: region number i gets nodes 127.0.i.1.., its backend at
 * 127.0.i.100 and a pod network 127.0.(100+i).x. Linux routes all of 127/8 to lo, so each of these
 * addresses can be bound separately, as distinct machines would be.
 */
public record RegionPlan(
    String name, int number, List<String> nodeAddresses, String backendAddress) {

  public static RegionPlan of(int number, String name, int nodes) {
    if (number < 1 || number > 99) {
      throw new IllegalArgumentException("region number must be 1..99, got " + number);
    }
    List<String> addresses =
        IntStream.rangeClosed(1, nodes).mapToObj(n -> "127.0." + number + "." + n).toList();
    return new RegionPlan(name, number, addresses, "127.0." + number + ".100");
  }

  /** The n-th pod address of this region's pod network (wraps after 250). */
  public String podAddress(int n) {
    return "127.0." + (100 + number) + "." + (1 + Math.floorMod(n - 1, 250));
  }

  public String backendName(String hostname) {
    return name + "-" + hostname;
  }
}
