package io.regionaledge.testkit.route53;

/** A hosted zone: bare id (Z...), name with a trailing dot, caller reference and comment. */
public record HostedZone(String id, String name, String callerReference, String comment) {}
