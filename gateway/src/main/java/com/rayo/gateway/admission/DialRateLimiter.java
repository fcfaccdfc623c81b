package com.rayo.gateway.admission;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-application dial rate limit: a token bucket per application refilled at
 * {@code per-second}, holding at most {@code burst}. A dial without a token is refused
 * (resource-constraint) so one runaway application cannot take all the nodes.
 */
public final class DialRateLimiter {
    /** A rate of 0 means no limit. */
    public record Limit(double perSecond, int burst) {
        public Limit {
            if (perSecond < 0) throw new IllegalArgumentException("rate-limit per-second must be >= 0");
            if (burst < 1) throw new IllegalArgumentException("rate-limit burst must be >= 1");
        }
        boolean unlimited() { return perSecond == 0; }
    }

    /** The default limit and per-application overrides by application name. */
    public record Limits(Limit defaults, Map<String, Limit> applications) {
        Limit of(String app) { return applications.getOrDefault(app, defaults); }
    }

    private static final class Bucket {
        double tokens;
        long lastMillis;
    }

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public DialRateLimiter(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Takes a token for the application; false when it is over its limit. */
    public boolean tryAcquire(String application) {
        Limit limit = limits.of(application);
        if (limit.unlimited()) return true;
        Bucket b = buckets.computeIfAbsent(application, k -> {
            Bucket nb = new Bucket();
            nb.tokens = limit.burst();
            nb.lastMillis = clock.millis();
            return nb;
        });
        synchronized (b) {
            long now = clock.millis();
            b.tokens = Math.min(limit.burst(), b.tokens + (now - b.lastMillis) * limit.perSecond() / 1000.0);
            b.lastMillis = now;
            if (b.tokens < 1) return false;
            b.tokens -= 1;
            return true;
        }
    }

    public Limit limitOf(String application) { return limits.of(application); }
}
