package io.regionaledge.testkit.route53;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated account: hosted zones, their record sets, changes, health checks and tags.
 * One lock for everything keeps every ChangeResourceRecordSets batch atomic.
 */
final class Route53Store {
    static final int MAX_RECORDS_PER_BATCH = 1000;
    static final int MAX_CHARS_PER_BATCH = 32000;
    static final int MAX_MEMBERS_PER_SET = 100;
    static final int MAX_TAGS = 10;
    private static final Set<String> HEALTH_CHECK_TYPES = Set.of(
            "HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP");
    private static final java.util.regex.Pattern UUID_FORM =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** Told when health checks appear, change or go, so probing follows the account. */
    interface Listener {
        void healthCheckChanged(HealthCheck check);

        void healthCheckDeleted(String id);
    }

    /** One page of ListResourceRecordSets; {@code next} is the first key not returned, or null. */
    record RecordPage(List<RecordSet> records, RecordSet.Key next, int maxItems) {}

    /** One page of a marker-paged listing. */
    record Page<T>(List<T> items, String nextMarker, int maxItems) {}

    private final Clock clock;
    private final Duration insyncDelay;
    private final int healthCheckQuota;
    private final boolean refuseDeletingHealthChecksInUse;
    private final AddressRanges addresses;
    private final SecureRandom random = new SecureRandom();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private final Map<String, HostedZone> zones = new LinkedHashMap<>();
    private final Map<String, TreeMap<RecordSet.Key, RecordSet>> records = new HashMap<>();
    private final Map<String, Map<String, String>> zoneTags = new HashMap<>();
    private final Map<String, ChangeInfo> changes = new HashMap<>();
    private final Map<String, HealthCheck> healthChecks = new LinkedHashMap<>();
    private final Map<String, String> healthCheckIdByCallerReference = new HashMap<>();
    private final Set<String> deletedCallerReferences = new HashSet<>();
    private final Set<String> zoneCallerReferences = new HashSet<>();

    Route53Store(Clock clock, Duration insyncDelay, int healthCheckQuota, boolean refuseDeletingHealthChecksInUse) {
        this(clock, insyncDelay, healthCheckQuota, refuseDeletingHealthChecksInUse, new AddressRanges(List.of()));
    }

    Route53Store(Clock clock, Duration insyncDelay, int healthCheckQuota, boolean refuseDeletingHealthChecksInUse,
                 AddressRanges addresses) {
        this.addresses = addresses;
        this.clock = clock;
        this.insyncDelay = insyncDelay;
        this.healthCheckQuota = healthCheckQuota;
        this.refuseDeletingHealthChecksInUse = refuseDeletingHealthChecksInUse;
    }

    void addListener(Listener l) { listeners.add(l); }

    int healthCheckQuota() { return healthCheckQuota; }

    Instant now() { return clock.instant(); }

    // ---------------------------------------------------------------- hosted zones

    synchronized HostedZone createHostedZone(String name, String callerReference, String comment) {
        if (name == null || name.isBlank()) throw ApiException.invalidInput("Invalid parameter: Name is required");
        if (callerReference == null || callerReference.isBlank()) {
            throw ApiException.invalidInput("Invalid parameter: CallerReference is required");
        }
        if (!zoneCallerReferences.add(callerReference)) {
            throw new ApiException(409, "HostedZoneAlreadyExists",
                    "A hosted zone has already been created with the specified caller reference.");
        }
        String n = DnsNames.normalize(name);
        HostedZone zone = new HostedZone(newId("Z", 20), n, callerReference, comment);
        zones.put(zone.id(), zone);
        TreeMap<RecordSet.Key, RecordSet> rs = new TreeMap<>(DnsNames.KEY_ORDER);
        List<String> ns = List.of("ns-101.awsdns-12.com.", "ns-1002.awsdns-61.net.",
                "ns-1505.awsdns-60.org.", "ns-1890.awsdns-44.co.uk.");
        RecordSet nsSet = new RecordSet(n, "NS", null, null, null, 172800L, ns, null, null);
        RecordSet soa = new RecordSet(n, "SOA", null, null, null, 900L,
                List.of(ns.get(0) + " awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"), null, null);
        rs.put(nsSet.key(), nsSet);
        rs.put(soa.key(), soa);
        records.put(zone.id(), rs);
        return zone;
    }

    synchronized HostedZone zone(String id) {
        HostedZone z = zones.get(bareId(id, "/hostedzone/"));
        if (z == null) throw ApiException.noSuchHostedZone(id);
        return z;
    }

    synchronized boolean hasZone(String id) { return zones.containsKey(bareId(id, "/hostedzone/")); }

    synchronized int recordCount(String zoneId) {
        return records.get(zone(zoneId).id()).size();
    }

    synchronized List<HostedZone> zones() { return List.copyOf(zones.values()); }

    synchronized Page<HostedZone> listHostedZones(String marker, int maxItems) {
        List<HostedZone> all = new ArrayList<>(zones.values());
        int start = 0;
        if (marker != null) {
            start = -1;
            for (int i = 0; i < all.size(); i++) if (all.get(i).id().equals(marker)) start = i;
            if (start < 0) throw ApiException.invalidInput("Invalid parameter: marker " + marker + " is not a hosted zone id");
        }
        int end = Math.min(all.size(), start + maxItems);
        return new Page<>(all.subList(start, end), end < all.size() ? all.get(end).id() : null, maxItems);
    }

    /** Zones ordered by reversed-label name then id, starting at (dnsName, zoneId). */
    synchronized Page<HostedZone> listHostedZonesByName(String dnsName, String zoneId, int maxItems) {
        List<HostedZone> all = new ArrayList<>(zones.values());
        all.sort(java.util.Comparator.comparing(HostedZone::name, DnsNames.ORDER).thenComparing(HostedZone::id));
        int start = 0;
        if (dnsName != null) {
            String n = DnsNames.normalize(dnsName);
            while (start < all.size() && (DnsNames.ORDER.compare(all.get(start).name(), n) < 0
                    || (zoneId != null && all.get(start).name().equals(n) && all.get(start).id().compareTo(zoneId) < 0))) {
                start++;
            }
        }
        int end = Math.min(all.size(), start + maxItems);
        return new Page<>(all.subList(start, end), end < all.size() ? all.get(end).id() : null, maxItems);
    }

    synchronized ChangeInfo deleteHostedZone(String id) {
        HostedZone z = zone(id);
        boolean onlyApex = records.get(z.id()).values().stream()
                .allMatch(r -> r.name().equals(z.name()) && (r.type().equals("SOA") || r.type().equals("NS")));
        if (!onlyApex) {
            throw new ApiException(400, "HostedZoneNotEmpty",
                    "The specified hosted zone contains non-required resource record sets and so cannot be deleted.");
        }
        zones.remove(z.id());
        records.remove(z.id());
        return newChange(null);
    }

    // ---------------------------------------------------------------- record sets

    synchronized ZoneSnapshot snapshot(String zoneId) {
        HostedZone z = zone(zoneId);
        return new ZoneSnapshot(z, List.copyOf(records.get(z.id()).values()));
    }

    synchronized RecordPage listRecords(String zoneId, String name, String type, String identifier, int maxItems) {
        HostedZone z = zone(zoneId);
        if (type != null && name == null) {
            throw ApiException.invalidInput("The input is not valid: type requires name");
        }
        if (identifier != null && type == null) {
            throw ApiException.invalidInput("The input is not valid: identifier requires name and type");
        }
        NavigableMap<RecordSet.Key, RecordSet> view = records.get(z.id());
        if (name != null) {
            String n = DnsNames.normalize(name);
            // Keys sort type then identifier with null first, so an empty type starts at the name.
            RecordSet.Key from = new RecordSet.Key(n, type == null ? "" : type, identifier);
            view = view.tailMap(from, true);
        }
        List<RecordSet> page = new ArrayList<>();
        RecordSet.Key next = null;
        for (Map.Entry<RecordSet.Key, RecordSet> e : view.entrySet()) {
            if (page.size() == maxItems) {
                next = e.getKey();
                break;
            }
            page.add(e.getValue());
        }
        return new RecordPage(page, next, maxItems);
    }

    /**
     * Applies a batch all-or-nothing, validating it the way Route53 does: the request's shape first
     * ({@code InvalidInput}), then each change in order against the state the changes before it
     * left ({@code InvalidChangeBatch} listing every refused change). Route53 validates in order:
     * an alias before its target fails (DNSControl#937), a CNAME created before the A record at its
     * name is deleted fails (roadworker#89), "a record can't be referenced before it's UPSERTed"
     * (octodns#366).
     */
    synchronized ChangeInfo change(String zoneId, List<Change> batch, String comment) {
        HostedZone z = zone(zoneId);
        if (batch.isEmpty()) throw ApiException.invalidInput("Invalid parameter: ChangeBatch.Changes must not be empty");
        checkBatchSize(batch);
        for (Change c : batch) {
            if (!Set.of("CREATE", "DELETE", "UPSERT").contains(c.action())) {
                throw ApiException.invalidInput("Invalid parameter: Action must be CREATE, DELETE or UPSERT, not "
                        + c.action());
            }
            String shape = RecordRules.shape(c.action(), c.record());
            if (shape != null) throw ApiException.invalidInput(shape);
            RecordSet r = c.record();
            if (r.healthCheckId() != null && !UUID_FORM.matcher(r.healthCheckId()).matches()) {
                throw ApiException.invalidInput("Invalid parameter: HealthCheckId '" + r.healthCheckId()
                        + "' is not a health check id");
            }
            if (r.healthCheckId() != null && !c.action().equals("DELETE") && !healthChecks.containsKey(r.healthCheckId())) {
                throw ApiException.noSuchHealthCheck(r.healthCheckId());
            }
        }
        TreeMap<RecordSet.Key, RecordSet> work = new TreeMap<>(records.get(z.id()));
        List<String> messages = new ArrayList<>();
        for (Change c : batch) {
            RecordSet r = c.record();
            List<String> problems = RecordRules.content(r, z);
            if (!problems.isEmpty()) {
                messages.addAll(problems);
                continue;
            }
            RecordSet existing = work.get(r.key());
            if (c.action().equals("DELETE")) {
                if (existing == null) {
                    messages.add("Tried to delete resource record set " + r.key() + " but it was not found");
                } else if (!RecordRules.sameContent(existing, r)) {
                    messages.add("Tried to delete resource record set " + r.key()
                            + " but the values provided do not match the current values");
                } else if (r.name().equals(z.name()) && (r.type().equals("SOA") || r.type().equals("NS"))) {
                    messages.add("A HostedZone must contain at least one NS record and exactly one SOA record "
                            + "for the zone itself.");
                } else {
                    work.remove(r.key());
                }
                continue;
            }
            if (c.action().equals("CREATE") && existing != null) {
                messages.add("Tried to create resource record set " + r.key() + " but it already exists");
                continue;
            }
            work.put(r.key(), r);
            List<String> refused = ZoneRules.afterWrite(z, work, r, this::aliasTargetExists);
            if (!refused.isEmpty()) {
                messages.addAll(refused);
                if (existing == null) work.remove(r.key()); else work.put(r.key(), existing);
            }
        }
        if (!messages.isEmpty()) {
            throw new ApiException(400, "InvalidChangeBatch", "[" + String.join(", ", messages) + "]");
        }
        records.put(z.id(), work);
        return newChange(comment);
    }

    /** Alias targets outside the simulated zones (load balancers and the like) that a test registered. */
    private final Map<String, Set<String>> externalAliasTargets = new HashMap<>();
    /** Load balancers a test registered: alias targets in their canonical zones. */
    final LoadBalancers loadBalancers = new LoadBalancers();

    synchronized void registerAliasTarget(String hostedZoneId, String dnsName) {
        externalAliasTargets.computeIfAbsent(bareId(hostedZoneId, "/hostedzone/"), k -> new HashSet<>())
                .add(DnsNames.normalize(dnsName));
    }

    /** Null when the target exists; else Route53's refusal. Zones not simulated count only if registered. */
    private String aliasTargetExists(HostedZone z, NavigableMap<RecordSet.Key, RecordSet> work, RecordSet r) {
        AliasTarget a = r.alias();
        String targetZone = bareId(a.hostedZoneId(), "/hostedzone/");
        String name = DnsNames.normalize(a.dnsName());
        String notFound = "Tried to create an alias that targets " + name + ", type " + r.type() + " in zone "
                + targetZone + ", but that target was not found";
        if (targetZone.equals(z.id())) {
            return membersOf(work, name, r.type()).isEmpty() ? notFound : null;
        }
        if (records.containsKey(targetZone)) {
            // botocore AliasTarget.HostedZoneId: "An alias resource record set can't reference a
            // resource record set in a different hosted zone."
            return "Tried to create an alias that targets " + name + ", type " + r.type() + " in zone " + targetZone
                    + ", but an alias resource record set can't reference a resource record set in a different hosted zone";
        }
        // Stricter than Route53 knows how to be here: an unknown target zone is only accepted when
        // a test registered the name (Route53 refuses targets that do not exist).
        if (externalAliasTargets.getOrDefault(targetZone, Set.of()).contains(name)) return null;
        return loadBalancers.knows(name) ? loadBalancers.refusal(targetZone, name, r.type())
                : notFound;
    }

    private void checkBatchSize(List<Change> batch) {
        long count = 0, chars = 0;
        for (Change c : batch) {
            int factor = c.action().equals("UPSERT") ? 2 : 1;
            RecordSet r = c.record();
            count += (long) factor * (r.isAlias() ? 1 : Math.max(1, r.values().size()));
            for (String v : r.values()) chars += (long) factor * v.length();
        }
        if (count > MAX_RECORDS_PER_BATCH) {
            throw new ApiException(400, "InvalidChangeBatch",
                    "[Number of records limit of " + MAX_RECORDS_PER_BATCH + " exceeded.]");
        }
        if (chars > MAX_CHARS_PER_BATCH) {
            throw new ApiException(400, "InvalidChangeBatch",
                    "[Number of characters limit of " + MAX_CHARS_PER_BATCH + " exceeded.]");
        }
    }

    static List<RecordSet> membersOf(NavigableMap<RecordSet.Key, RecordSet> map, String name, String type) {
        return List.copyOf(map.subMap(new RecordSet.Key(name, type, null), true,
                new RecordSet.Key(name, type + "\0", null), false).values());
    }

    synchronized List<RecordSet> members(String zoneId, String name, String type) {
        TreeMap<RecordSet.Key, RecordSet> m = records.get(zoneId);
        return m == null ? List.of() : membersOf(m, DnsNames.normalize(name), type);
    }

    /** Every record type present at a name, to tell NODATA from NXDOMAIN. */
    synchronized boolean nameExists(String zoneId, String name) {
        TreeMap<RecordSet.Key, RecordSet> m = records.get(zoneId);
        String n = DnsNames.normalize(name);
        return m != null && !keysAt(m, n).isEmpty();
    }

    static Set<RecordSet.Key> keysAt(NavigableMap<RecordSet.Key, RecordSet> map, String name) {
        return map.subMap(new RecordSet.Key(name, "", null), true, new RecordSet.Key(name, "\uffff", null), false).keySet();
    }

    synchronized ChangeInfo getChange(String id) {
        ChangeInfo c = changes.get(bareId(id, "/change/"));
        if (c == null) throw new ApiException(404, "NoSuchChange", "A change with the specified change ID does not exist: " + id);
        return c;
    }

    synchronized ChangeInfo newChange(String comment) {
        Instant now = clock.instant();
        ChangeInfo c = new ChangeInfo(newId("C", 20), now, now.plus(insyncDelay), comment);
        changes.put(c.id(), c);
        return c;
    }

    // ---------------------------------------------------------------- health checks

    synchronized HealthCheck createHealthCheck(String callerReference, HealthCheckConfig config) {
        if (callerReference == null || callerReference.isBlank() || callerReference.length() > 64) {
            throw ApiException.invalidInput("Invalid parameter: CallerReference must be 1 to 64 characters");
        }
        HealthCheckConfig c = validate(config);
        if (deletedCallerReferences.contains(callerReference)) {
            throw new ApiException(409, "HealthCheckAlreadyExists", "A health check with the CallerReference "
                    + callerReference + " was deleted; a CallerReference cannot be reused.");
        }
        String existingId = healthCheckIdByCallerReference.get(callerReference);
        if (existingId != null) {
            HealthCheck existing = healthChecks.get(existingId);
            if (existing.config().equals(c)) return existing;
            throw new ApiException(409, "HealthCheckAlreadyExists", "A health check with the CallerReference "
                    + callerReference + " already exists with different settings.");
        }
        if (healthChecks.size() >= healthCheckQuota) {
            throw new ApiException(400, "TooManyHealthChecks", "This AWS account has reached the limit of "
                    + healthCheckQuota + " health checks. Delete some or request a higher limit.");
        }
        HealthCheck hc = new HealthCheck(UUID.randomUUID().toString(), callerReference, c, 1, Map.of());
        healthChecks.put(hc.id(), hc);
        healthCheckIdByCallerReference.put(callerReference, hc.id());
        listeners.forEach(l -> l.healthCheckChanged(hc));
        return hc;
    }

    private HealthCheckConfig validate(HealthCheckConfig c) {
        if (c == null) throw ApiException.invalidInput("Invalid parameter: HealthCheckConfig is required");
        if (c.type() == null || !HEALTH_CHECK_TYPES.contains(c.type())) {
            throw ApiException.invalidInput("Invalid parameter: Type must be one of " + new java.util.TreeSet<>(HEALTH_CHECK_TYPES)
                    + " in the simulator, not " + c.type());
        }
        if (c.ipAddress() == null && c.fullyQualifiedDomainName() == null) {
            throw ApiException.invalidInput("Invalid parameter: either IPAddress or FullyQualifiedDomainName is required");
        }
        if (c.ipAddress() != null && !RecordRules.isIpv4(c.ipAddress()) && !RecordRules.isIpv6(c.ipAddress())) {
            throw ApiException.invalidInput("Invalid parameter: IPAddress '" + c.ipAddress() + "' is not a valid IP address");
        }
        // botocore HealthCheckConfig.IPAddress: Route 53 can't check local, private, non-routable or
        // multicast ranges (RFC 5735, RFC 6598, RFC 5156)
        if (c.ipAddress() != null && addresses.refused(c.ipAddress())) {
            throw ApiException.invalidInput("Invalid parameter: IPAddress " + c.ipAddress() + " is in a local, private, "
                    + "non-routable, or multicast range (RFC 5735, RFC 6598, RFC 5156); Route 53 can't check it");
        }
        if (c.port() != null && (c.port() < 1 || c.port() > 65535)) {
            throw ApiException.invalidInput("Invalid parameter: Port must be between 1 and 65535");
        }
        if (c.requestInterval() != 10 && c.requestInterval() != 30) {
            throw ApiException.invalidInput("Invalid parameter: RequestInterval must be 10 or 30");
        }
        if (c.failureThreshold() < 1 || c.failureThreshold() > 10) {
            throw ApiException.invalidInput("Invalid parameter: FailureThreshold must be between 1 and 10");
        }
        if (c.type().endsWith("STR_MATCH") && (c.searchString() == null || c.searchString().isEmpty())) {
            throw ApiException.invalidInput("Invalid parameter: SearchString is required for " + c.type());
        }
        if (c.resourcePath() != null && c.resourcePath().length() > 255) {
            throw ApiException.invalidInput("Invalid parameter: ResourcePath is longer than 255 characters");
        }
        return c.port() == null && !c.type().equals("TCP") ? c.withPort(c.effectivePort()) : c;
    }

    synchronized HealthCheck healthCheck(String id) {
        HealthCheck hc = healthChecks.get(id);
        if (hc == null) throw ApiException.noSuchHealthCheck(id);
        return hc;
    }

    synchronized List<HealthCheck> healthChecks() { return List.copyOf(healthChecks.values()); }

    synchronized Page<HealthCheck> listHealthChecks(String marker, int maxItems) {
        List<HealthCheck> all = new ArrayList<>(healthChecks.values());
        int start = 0;
        if (marker != null) {
            start = -1;
            for (int i = 0; i < all.size(); i++) if (all.get(i).id().equals(marker)) start = i;
            if (start < 0) throw ApiException.invalidInput("Invalid parameter: marker " + marker + " is not a health check id");
        }
        int end = Math.min(all.size(), start + maxItems);
        return new Page<>(all.subList(start, end), end < all.size() ? all.get(end).id() : null, maxItems);
    }

    /** In-place update of what Route53 lets you change; Type and RequestInterval are fixed for life. */
    synchronized HealthCheck updateHealthCheck(String id, Long expectedVersion,
                                               java.util.function.UnaryOperator<HealthCheckConfig> update) {
        HealthCheck hc = healthCheck(id);
        if (expectedVersion != null && expectedVersion != hc.version()) {
            throw new ApiException(409, "HealthCheckVersionMismatch", "The value of HealthCheckVersion in the request "
                    + "doesn't match the value of HealthCheckVersion in the health check (" + hc.version() + ").");
        }
        HealthCheckConfig c = validate(update.apply(hc.config()));
        HealthCheck updated = new HealthCheck(hc.id(), hc.callerReference(), c, hc.version() + 1, hc.tags());
        healthChecks.put(id, updated);
        listeners.forEach(l -> l.healthCheckChanged(updated));
        return updated;
    }

    synchronized void deleteHealthCheck(String id) {
        HealthCheck hc = healthCheck(id);
        if (refuseDeletingHealthChecksInUse) {
            for (Map.Entry<String, TreeMap<RecordSet.Key, RecordSet>> z : records.entrySet()) {
                for (RecordSet r : z.getValue().values()) {
                    if (id.equals(r.healthCheckId())) {
                        throw new ApiException(400, "HealthCheckInUse", "The health check " + id
                                + " is still referenced by resource record set " + r.key() + " in hosted zone "
                                + z.getKey() + ".");
                    }
                }
            }
        }
        healthChecks.remove(id);
        healthCheckIdByCallerReference.remove(hc.callerReference());
        deletedCallerReferences.add(hc.callerReference());
        listeners.forEach(l -> l.healthCheckDeleted(id));
    }

    // ---------------------------------------------------------------- tags

    synchronized void changeTags(String resourceType, String id, Map<String, String> add, List<String> removeKeys) {
        Map<String, String> tags = new LinkedHashMap<>(tags(resourceType, id));
        removeKeys.forEach(tags::remove);
        tags.putAll(add);
        if (tags.size() > MAX_TAGS) {
            throw ApiException.invalidInput("Invalid parameter: a resource can have at most " + MAX_TAGS + " tags");
        }
        if (resourceType.equals("healthcheck")) {
            HealthCheck hc = healthChecks.get(id);
            healthChecks.put(id, new HealthCheck(hc.id(), hc.callerReference(), hc.config(), hc.version(), tags));
        } else {
            zoneTags.put(zone(id).id(), tags);
        }
    }

    synchronized Map<String, String> tags(String resourceType, String id) {
        return switch (resourceType) {
            case "healthcheck" -> healthCheck(id).tags();
            case "hostedzone" -> zoneTags.getOrDefault(zone(id).id(), Map.of());
            default -> throw ApiException.invalidInput("Invalid parameter: ResourceType must be healthcheck or hostedzone");
        };
    }

    // ---------------------------------------------------------------- helpers

    static String bareId(String id, String prefix) {
        Objects.requireNonNull(id, "id");
        return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
    }

    private String newId(String prefix, int length) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) sb.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        return sb.toString();
    }
}
