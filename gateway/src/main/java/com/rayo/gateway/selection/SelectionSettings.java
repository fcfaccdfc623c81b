package com.rayo.gateway.selection;

import java.time.Duration;
import java.util.Map;

/**
 * How one platform's nodes are weighed.
 *
 * @param loadCorrection weigh down nodes by their live load (calls against capacity, or against weight)
 * @param slowStart      a node that just came up ramps from 10% to its full weight over this time
 */
public record SelectionSettings(boolean loadCorrection, Duration slowStart) {
    public static final SelectionSettings DEFAULT = new SelectionSettings(true, Duration.ofSeconds(10));

    /** Per-platform settings with a default for platforms not listed. */
    public record PerPlatform(SelectionSettings defaults, Map<String, SelectionSettings> platforms) {
        public SelectionSettings of(String platform) { return platforms.getOrDefault(platform, defaults); }

        public static PerPlatform uniform(SelectionSettings s) { return new PerPlatform(s, Map.of()); }
    }
}
