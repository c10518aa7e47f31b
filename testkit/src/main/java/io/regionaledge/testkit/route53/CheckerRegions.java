package io.regionaledge.testkit.route53;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Route53's health checkers as GetHealthCheckStatus reports them: one observation per checker
 * region. A check created without Regions is probed from Route53's default set of eight
 * (API_HealthCheckConfig.html, "Regions": "If you don't specify any regions, Route 53 health
 * checkers in all of the regions that are listed in this list check the endpoint"; the list is
 * HealthCheckRegion in botocore route53/2013-04-01/service-2.json). One real prober stands for all
 * of them; a test can make some regions' checkers fail for an address, as a security group that
 * admits only part of the ROUTE53_HEALTHCHECKS ranges does.
 */
final class CheckerRegions {
    /** Route53's default checker regions, each with an address from its ROUTE53_HEALTHCHECKS range (ip-ranges.json). */
    static final Map<String, String> DEFAULT = orderedOf(
            "us-east-1", "15.177.2.1",
            "us-west-1", "15.177.10.1",
            "us-west-2", "15.177.14.1",
            "eu-west-1", "15.177.62.1",
            "ap-southeast-1", "15.177.34.1",
            "ap-southeast-2", "15.177.38.1",
            "ap-northeast-1", "15.177.42.1",
            "sa-east-1", "15.177.50.1");

    /**
     * What a checker reports when it cannot connect: Route53's text for a firewall drop (as shown
     * in the console and by GetHealthCheckStatus; the link is Route53's own).
     */
    static final String BLOCKED = "Failure: Connection timed out. The endpoint or the internet connection is down, "
            + "or requests are being blocked by your firewall. See "
            + "https://docs.aws.amazon.com/console/route53/health-checks-failing-are-being-blocked";

    private final Map<String, Set<String>> blocked = new ConcurrentHashMap<>();

    /** Checkers of {@code regions} cannot reach {@code ipAddress} from now on (none: all reach it again). */
    void block(String ipAddress, Set<String> regions) {
        for (String r : regions) {
            if (!DEFAULT.containsKey(r)) {
                throw new IllegalArgumentException("not a Route53 checker region: " + r + " (one of " + DEFAULT.keySet() + ")");
            }
        }
        if (regions.isEmpty()) {
            blocked.remove(ipAddress);
        } else {
            blocked.put(ipAddress, Set.copyOf(regions));
        }
    }

    boolean blocks(String ipAddress, String region) {
        return ipAddress != null && blocked.getOrDefault(ipAddress, Set.of()).contains(region);
    }

    private static Map<String, String> orderedOf(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    static List<String> regions() {
        return List.copyOf(DEFAULT.keySet());
    }
}
