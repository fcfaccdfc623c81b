package com.rayo.web;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import com.rayo.gateway.admission.RateLimiter;

/**
 * Keeps the admin plane from starving the call plane: web requests are paced to
 * {@code max-requests-per-second} (with a burst) by holding them until their turn, and
 * refused with 429 when the wait would exceed {@code max-wait}. Routing shares the
 * machine's cores with Jetty, Jolokia and Cassandra; a dashboard gone wild must not
 * cost calls.
 */
final class Throttle implements Filter {
    private static final String KEY = "web";
    private final RateLimiter limiter;
    private final long maxWaitMillis;

    Throttle(WebSettings s) {
        this.limiter = new RateLimiter(new RateLimiter.Limits(new RateLimiter.Limit(s.maxRequestsPerSecond(), s.burst()), Map.of()), Clock.systemUTC());
        this.maxWaitMillis = s.maxWait().toMillis();
    }

    @Override public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        long deadline = System.nanoTime() + maxWaitMillis * 1_000_000;
        for (long wait = limiter.waitFor(KEY); wait > 0; wait = limiter.waitFor(KEY)) {
            if (System.nanoTime() + wait * 1_000_000 > deadline) {
                HttpServletResponse r = (HttpServletResponse) res;
                r.setStatus(429);
                r.setHeader("Retry-After", "1");
                r.setContentType("application/json");
                r.getWriter().write("{\"status\":429,\"error\":\"too many admin requests: this gateway serves at most "
                        + limiter.limitOf(KEY).perSecond() + " per second (rayo.web.max-requests-per-second)\"}");
                return;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        chain.doFilter(req, res);
    }
}
