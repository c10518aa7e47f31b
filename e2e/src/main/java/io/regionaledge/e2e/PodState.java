package io.regionaledge.e2e;

/** A pod as the tests see it, from the cluster stand-in's point of view. */
public record PodState(
    String namespace,
    String name,
    String deployment,
    String node,
    String nodeAddress,
    String podAddress,
    String templateHash,
    boolean running,
    boolean ready,
    boolean terminating,
    int restarts,
    long pid,
    String waiting) {}
