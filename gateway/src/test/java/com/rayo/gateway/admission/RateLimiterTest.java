package com.rayo.gateway.admission;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rayo.gateway.FakeClock;

class RateLimiterTest {
    final FakeClock clock = new FakeClock();
    final RateLimiter limiter = new RateLimiter(new RateLimiter.Limits(new RateLimiter.Limit(0, 20),
            Map.of("limited", new RateLimiter.Limit(2, 3))), clock);

    @Test void aBurstThenTheRate() {
        for (int i = 0; i < 3; i++) assertTrue(limiter.tryAcquire("limited"), "burst " + i);
        assertFalse(limiter.tryAcquire("limited"), "burst spent");
        clock.advance(Duration.ofMillis(499));
        long wait = limiter.waitFor("limited");
        assertTrue(wait >= 1 && wait <= 2, "the next token is about 1 ms away: " + wait);
        assertFalse(limiter.tryAcquire("limited"));
        clock.advance(Duration.ofMillis(1));
        assertTrue(limiter.tryAcquire("limited"), "2 per second: one token every 500 ms");
        assertFalse(limiter.tryAcquire("limited"));
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) assertTrue(limiter.tryAcquire("limited"));
        assertFalse(limiter.tryAcquire("limited"), "idle time never saves more than the burst");
    }

    @Test void applicationsHaveTheirOwnBucketsAndZeroMeansNoLimit() {
        for (int i = 0; i < 3; i++) limiter.tryAcquire("limited");
        assertFalse(limiter.tryAcquire("limited"));
        for (int i = 0; i < 10_000; i++) assertTrue(limiter.tryAcquire("free"));
    }
}
