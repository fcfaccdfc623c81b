package com.rayo.gateway.admission;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key, refilled at {@code per-second} and holding at most {@code burst}:
 * the per-application dial rate limit (a dial without a token is refused with
 * resource-constraint, so one runaway application cannot take all the nodes) and the
 * admin web's request rate.
 */
public final class RateLimiter {
    /** A rate of 0 means no limit. */
    public record Limit(double perSecond, int burst) {
        public Limit {
            if (perSecond < 0) throw new IllegalArgumentException("rate-limit per-second must be >= 0");
            if (burst < 1) throw new IllegalArgumentException("rate-limit burst must be >= 1");
        }
        boolean unlimited() { return perSecond == 0; }
    }

    /** The default limit and overrides by key (application name for dials). */
    public record Limits(Limit defaults, Map<String, Limit> applications) {
        Limit of(String app) { return applications.getOrDefault(app, defaults); }
    }

    private static final class Bucket {
        double tokens;
        long lastMillis;
    }

    private volatile Limits limits;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Takes a token for the key; false when it is over its limit. */
    public boolean tryAcquire(String key) {
        return waitFor(key) == 0;
    }

    /**
     * Takes a token for the key if one is there (returns 0), else returns how many
     * milliseconds until the next one (nothing taken): callers that pace rather than refuse
     * sleep that long and try again.
     */
    public long waitFor(String key) {
        Limit limit = limits.of(key);
        if (limit.unlimited()) return 0;
        Bucket b = buckets.computeIfAbsent(key, k -> {
            Bucket nb = new Bucket();
            nb.tokens = limit.burst();
            nb.lastMillis = clock.millis();
            return nb;
        });
        synchronized (b) {
            long now = clock.millis();
            b.tokens = Math.min(limit.burst(), b.tokens + (now - b.lastMillis) * limit.perSecond() / 1000.0);
            b.lastMillis = now;
            if (b.tokens < 1) return Math.max(1, (long) Math.ceil((1 - b.tokens) * 1000 / limit.perSecond()));
            b.tokens -= 1;
            return 0;
        }
    }

    public Limit limitOf(String key) { return limits.of(key); }

    /** New limits (a configuration reload): buckets keep their tokens, capped by the new bursts. */
    public void update(Limits newLimits) { limits = newLimits; }
}
