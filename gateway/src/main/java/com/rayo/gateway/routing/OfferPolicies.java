package com.rayo.gateway.routing;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** How each application's inbound calls are offered to its resources. */
public record OfferPolicies(Policy defaults, Map<String, Policy> applications) {
    public enum Mode {
        /** One resource at a time, rotating between calls. */
        ROUND_ROBIN,
        /** One resource at a time, always starting from the first (sorted by JID). */
        FIRST,
        /** Every resource at once; the first to act on the call controls it. */
        ALL;

        public static Mode parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("offer policy must be round-robin, first or all, got '" + s + "'");
            }
        }
    }

    /** @param timeout how long the offered resource(s) have to act before the next resource gets the offer */
    public record Policy(Mode mode, Duration timeout) { }

    public Policy of(String applicationName) { return applications.getOrDefault(applicationName, defaults); }
}
