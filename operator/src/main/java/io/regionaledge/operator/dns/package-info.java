/**
 * Route53 for one region's operator: the record tree of each RegionalEdge that this region owns,
 * kept in line with the observed proxy instances by desired -> plan -> apply.
 *
 * <h2>The tree (hostname H, region R)</h2>
 *
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
 *
 * With a ready instance (and R not drained) the weighted set holds the ready instances. With none,
 * the latency record is withdrawn only while another region's latency record answers for H (looked
 * at freshly, not from the zone snapshot, and guarded in the same batch by that record, which
 * {@link io.regionaledge.operator.dns.WithdrawalGuard} deletes and re-creates unchanged, so two
 * regions withdrawing at the same instant cannot both succeed): the last one is never withdrawn,
 * since resolvers would cache the empty answer for the SOA's negative TTL (15 min). It stays
 * instead, with every instance in the weighted set bound to its health check: Route53's checks
 * decide, failing open when all fail. When every check of a region fails, Route53 itself moves
 * users to the next region.
 *
 * <h2>Health checks</h2>
 *
 * Created before any record refers to them, with a CallerReference never used before (a deleted
 * check's reference is refused for days). A change of port, path, FQDN or failure threshold is one
 * UpdateHealthCheck on the same check; only a new requestInterval (with Type and MeasureLatency,
 * the settings Route53 cannot change) replaces it: create, swap in the same batch, delete. An
 * instance at an address Route53 cannot check (private, loopback, reserved: RFC 5735, 6598, 5156)
 * is skipped with a message naming pod, node and address; the rest of the tree is published.
 *
 * <h2>Stable names</h2>
 *
 * An instance is its public address (HostPort: the node's ExternalIP; LoadBalancer: the load
 * balancer's IPv4 address). The first time an address is seen it takes the lowest free N (never one
 * whose name someone else holds); the ownership record remembers N for as long as the address is
 * observed, so proxyN-R-H, the member's SetIdentifier and the health check survive pod restarts and
 * operator restarts.
 *
 * <h2>LoadBalancer exposure ({@link io.regionaledge.operator.dns.LoadBalancerTree})</h2>
 *
 * A load balancer that reports an IP is one instance as above. One that reports only a hostname
 * (every AWS NLB and ALB) gets no per-instance records and no health checks:
 *
 * <pre>
 *   H                         A alias, latency, SetIdentifier R -> proxy-R-H, EvaluateTargetHealth
 *   proxy-R-H                 A alias -> the load balancer's DNS name (ALB/Classic: dualstack.), in its
 *                             region's canonical hosted zone ({@link io.regionaledge.operator.dns.ElbNames}),
 *                             EvaluateTargetHealth
 * </pre>
 *
 * An alias to another alias of the same batch is created after its target and deleted before it
 * (Route53 validates a batch change by change).
 *
 * <h2>Ownership</h2>
 *
 * Only the names above are ever written, and only with our TXT record in place (resource
 * namespace/name and region). Records at those names without it, another resource's TXT, a simple
 * or weighted record at H, or someone else's latency record for R at H (Route53 allows one per
 * Region) stop the sync with Conflict naming them; other regions' latency members are never read
 * into a plan (only re-asserted unchanged as a withdrawal's guard). With {@code spec.dns.adopt:
 * true} a hand-built tree of this shape for R is taken over instead ({@link
 * io.regionaledge.operator.dns.AdoptionStep}, {@link io.regionaledge.operator.dns.Adoption}, {@link
 * io.regionaledge.operator.dns.AdoptionBatches}; docs/adoption.md), and where another region's
 * record at H is a CNAME the latency record and the weighted members are CNAMEs too.
 *
 * <h2>Cleanup</h2>
 *
 * Resource deleted or region dropped from the spec: the region's records and ownership record go
 * first, then one ListHealthChecks listing (all pages, same request budget) finds and deletes every
 * check whose CallerReference starts with {@code re-<hash of uid and region>-}, including checks a
 * process created for a batch that never landed before it died. The sync path never lists checks.
 *
 * <h2>Flows and batches</h2>
 *
 * {@link io.regionaledge.operator.dns.SyncFlow} and {@link
 * io.regionaledge.operator.dns.CleanupFlow} run in rounds of observe ({@link
 * io.regionaledge.operator.dns.Ownership}) -> desired ({@link
 * io.regionaledge.operator.dns.DesiredRecords}) -> health-check plan -> apply checks -> record plan
 * -> apply records, every step but the two applies pure; the outcome becomes DnsSynced in {@link
 * io.regionaledge.operator.dns.SyncReport}. The applies go to Route53 ({@code LiveEffects}) or, for
 * {@code plan} and {@code --dry-run}, to a copy of the zone that only counts them ({@code
 * PlannedEffects}). Record changes of all resources in a zone share ChangeResourceRecordSets
 * batches ({@link io.regionaledge.operator.dns.ZoneBatcher}); a refused batch is bisected by
 * resource so a bad change fails alone. GetChange is asked once per change ({@code ChangeTracker}).
 *
 * <h2>Route53 limits</h2>
 *
 * {@link io.regionaledge.operator.dns.RequestBudget} models Route53's buckets ({@link
 * io.regionaledge.operator.dns.Route53Limits}) client-side: every HTTP attempt takes a token from
 * the account bucket (10/s, burst 50) and from its action's (CreateHealthCheck 0.5/s burst 50,
 * DeleteHealthCheck 3/s burst 15, GetHealthCheckStatus 1/s burst 4), and a ChangeResourceRecordSets
 * attempt one change token per change, two per UPSERT (assumed 100/s, burst 1,000: the figures are
 * not published). One operator per region shares the account, so each takes 1/N of every bucket, N
 * the regions of the largest RegionalEdge it manages (logged when it changes; {@code
 * --route53-share} fixes N). The SDK's standard retry strategy retries Throttling,
 * PriorRequestNotComplete and 5xx with jittered exponential backoff. {@link
 * io.regionaledge.operator.dns.ZoneCache}: one writer per zone and one listing per zone per resync
 * period, kept current by our own writes.
 *
 * <h2>Route53's own view</h2>
 *
 * {@link io.regionaledge.operator.dns.Route53Watch}, beside the sync and never in its way: a
 * background thread reads GetHealthCheckStatus for the checks the syncs reported (the one seen
 * longest ago first, each at most once a minute, paced at this operator's share of the action's
 * bucket) and GetAccountLimit (every 5 min); each sync's result gets the cached checker count and
 * failure per instance, and the checks' estimated cost ({@link
 * io.regionaledge.operator.dns.HealthCheckCosts}).
 */
package io.regionaledge.operator.dns;
