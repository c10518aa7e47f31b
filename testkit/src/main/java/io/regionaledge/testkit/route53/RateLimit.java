package io.regionaledge.testkit.route53;

/**
 * Route53's account-wide request rate limit as a token bucket: a request that finds the bucket
 * empty is answered with Throttling, as Route53 does above its per-account rate (5 req/s).
 */
final class RateLimit {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long last;
    private long throttled;

    RateLimit(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** Takes a token if there is one; false means "answer Throttling". */
    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        throttled++;
        return false;
    }

    synchronized long throttled() { return throttled; }
}
