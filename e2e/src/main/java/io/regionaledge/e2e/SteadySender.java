package io.regionaledge.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A user sending requests steadily from one region on its own thread, keeping every outcome. */
public final class SteadySender implements AutoCloseable {
  private final RegionClient client;
  private final Duration interval;
  private final Duration retryBackoff;
  private final List<RegionClient.Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param retryBackoff null: no retry; else retry a failed request once after this pause,
   *     re-resolving
   */
  public SteadySender(RegionClient client, Duration interval, Duration retryBackoff) {
    this.client = client;
    this.interval = interval;
    this.retryBackoff = retryBackoff;
    this.thread = new Thread(this::run, "sender-" + client.region());
    this.thread.setDaemon(true);
  }

  public SteadySender start() {
    thread.start();
    return this;
  }

  private void run() {
    while (running) {
      RegionClient.Outcome outcome = client.get("/bundle.js");
      if (!outcome.ok() && retryBackoff != null && running) {
        pause(retryBackoff);
        client.forget();
        outcome = client.get("/bundle.js").withPriorFailure(outcome);
      }
      outcomes.add(outcome);
      pause(interval);
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public List<RegionClient.Outcome> outcomes() {
    return new ArrayList<>(outcomes);
  }

  /** Stops after the request in progress; returns every outcome. */
  public List<RegionClient.Outcome> stop() {
    running = false;
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return outcomes();
  }

  @Override
  public void close() {
    stop();
  }
}
