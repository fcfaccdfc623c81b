package com.rayo.gateway.health;

import java.time.Duration;

/**
 * Probe and blacklist thresholds.
 *
 * @param probeInterval      how often an up node is pinged (XEP-0199)
 * @param probeTimeout       how long a ping may go unanswered
 * @param failedProbes       consecutive failed probes that make a node down
 * @param downProbeMax       the longest pause between probes of a down node (back-off doubles up to it)
 * @param dialFailures       consecutive failed dials that blacklist a node
 * @param blacklistDuration  how long an automatic blacklist lasts before the node is probed again
 */
public record HealthSettings(Duration probeInterval, Duration probeTimeout, int failedProbes, Duration downProbeMax,
                             int dialFailures, Duration blacklistDuration) {
    public HealthSettings {
        if (failedProbes < 1) throw new IllegalArgumentException("failed-probes must be >= 1");
        if (dialFailures < 1) throw new IllegalArgumentException("blacklist dial-failures must be >= 1");
        if (probeInterval.isZero() || probeInterval.isNegative()) throw new IllegalArgumentException("probe interval must be > 0");
    }

    public static HealthSettings defaults() {
        return new HealthSettings(Duration.ofMillis(400), Duration.ofMillis(500), 3, Duration.ofSeconds(5), 3, Duration.ofSeconds(30));
    }
}
