package io.regionaledge.e2e;

import java.util.Map;

/**
 * A node of a world cluster: its name, its address (ExternalIP and InternalIP alike) and labels.
 */
public record NodeInfo(String name, String address, Map<String, String> labels) {}
