/**
 * Route53 for one region's operator: the record tree of each RegionalEdge that this region owns,
 * kept in line with the observed proxy instances by desired -> plan -> apply.
 *
 * <h2>The tree (hostname H, region R)</h2>
 * <pre>
 *   H                         A alias, latency, SetIdentifier R, Region R -> proxy-R-H, EvaluateTargetHealth
 *   proxy-R-H                 A weighted, one member per READY instance: SetIdentifier proxyN, Weight 1,
 *                             the instance IP, HealthCheckId = that instance's check
 *   proxyN-R-H                A, the instance IP (every observed instance, ready or not)
 *   _regionaledge.proxy-R-H   TXT ownership record (see {@link io.regionaledge.operator.dns.Registry})
 *   health check per instance HTTPS IP:exposure.port, ResourcePath = dns.healthCheck.path, FQDN = H,
 *                             EnableSNI, interval + threshold from the spec, tagged Name,
 *                             regionaledge/resource, regionaledge/region, regionaledge/instance;
 *                             CallerReference re-&lt;hash(uid, R)&gt;-&lt;hash(address, settings, serial)&gt;
 * </pre>
 * The latency record exists only while R is not drained and has a ready instance (its alias target
 * would otherwise not exist); when every check fails Route53 itself moves users to the next region.
 *
 * <h2>Stable names</h2>
 * An instance is its public address (HostPort: the node's ExternalIP; LoadBalancer: the load
 * balancer's IPv4 address). The first time an address is seen it takes the lowest free N (never
 * one whose name someone else holds); the ownership record remembers N for as long as the address
 * is observed, so proxyN-R-H, the member's SetIdentifier and the health check survive pod restarts
 * and operator restarts. A LoadBalancer that only has a hostname is skipped with a message.
 *
 * <h2>Ownership</h2>
 * Only the names above are ever written, and only with our TXT record in place (resource
 * namespace/name and region). Records at those names without it, another resource's TXT, or a
 * simple record at H stop the sync with Conflict naming them; other regions' latency members are
 * never read into a plan.
 *
 * <h2>Cleanup</h2>
 * Resource deleted or region dropped from the spec: the region's records and ownership record go
 * first, then one ListHealthChecks listing (all pages, same request budget) finds and deletes every
 * check whose CallerReference starts with {@code re-<hash of uid and region>-}, including checks a
 * process created for a batch that never landed before it died. The sync path never lists checks.
 *
 * <h2>Route53 limits</h2>
 * {@link io.regionaledge.operator.dns.RequestBudget}: every HTTP attempt takes a token from one
 * bucket per process (default 10/s, burst 50) and CreateHealthCheck also from a slower one (2/s,
 * burst 5); the SDK's standard retry strategy retries Throttling, PriorRequestNotComplete and 5xx
 * with jittered exponential backoff. {@link io.regionaledge.operator.dns.ZoneCache}: one writer per
 * zone and one listing per zone per resync period, kept current by our own writes.
 */
package io.regionaledge.operator.dns;
