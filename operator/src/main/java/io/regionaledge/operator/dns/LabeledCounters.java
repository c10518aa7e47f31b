package io.regionaledge.operator.dns;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One counter name with fixed tag names, one series per combination of tag values. The counts live
 * here and are published as FunctionCounters in whichever registry is bound last: an operator
 * restarted in the same process (tests, the e2e world) gets a new registry but keeps its counts.
 */
final class LabeledCounters {
  private final String name;
  private final List<String> tags;
  private final String description;
  private final Map<List<String>, LongAdder> series = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  LabeledCounters(String name, String description, String... tags) {
    this.name = name;
    this.tags = List.of(tags);
    this.description = description;
  }

  void add(long n, String... values) {
    if (values.length != tags.size()) {
      throw new IllegalArgumentException(name + " takes " + tags + ", got " + List.of(values));
    }
    series.computeIfAbsent(List.of(values), this::create).add(n);
  }

  private synchronized LongAdder create(List<String> values) {
    LongAdder adder = new LongAdder();
    if (registry != null) {
      register(registry, values, adder);
    }
    return adder;
  }

  synchronized void bindTo(MeterRegistry meters) {
    registry = meters;
    series.forEach((values, adder) -> register(meters, values, adder));
  }

  private void register(MeterRegistry meters, List<String> values, LongAdder adder) {
    FunctionCounter.Builder<LongAdder> b =
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description);
    for (int i = 0; i < tags.size(); i++) {
      b.tag(tags.get(i), values.get(i));
    }
    b.register(meters);
  }

  /** Counts so far, by tag values joined with '/'. */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    series.forEach((k, v) -> out.put(String.join("/", k), v.sum()));
    return out;
  }
}
