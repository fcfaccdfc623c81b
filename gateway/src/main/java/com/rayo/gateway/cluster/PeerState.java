package com.rayo.gateway.cluster;

import java.time.Duration;
import java.time.Instant;

/** A gateway's state in the cluster, after the OpenSIPS clusterer's node states. */
public enum PeerState {
    /** Heartbeats arrive on time. */
    UP,
    /** A heartbeat is late: not trusted for new work until it is on time again or declared down. */
    PROBING,
    /** No heartbeat for {@code down-after}: gone. */
    DOWN,
    /** Taken out by an administrator (clusterer_set_status), whatever its heartbeats say. */
    DISABLED;

    /** The state of a gateway whose last heartbeat is {@code heartbeat}, seen at {@code now}. */
    public static PeerState of(Instant heartbeat, Instant now, boolean disabled, Duration probingAfter, Duration downAfter) {
        if (disabled) return DISABLED;
        if (heartbeat == null) return DOWN;
        Duration age = Duration.between(heartbeat, now);
        if (age.compareTo(downAfter) >= 0) return DOWN;
        if (age.compareTo(probingAfter) >= 0) return PROBING;
        return UP;
    }
}
