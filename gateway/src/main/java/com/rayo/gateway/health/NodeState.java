package com.rayo.gateway.health;

/**
 * A node's health as the gateway sees it, after the OpenSIPS clusterer's node states.
 * Only {@link #UP} takes new calls; {@link #DOWN} also ends the node's calls.
 */
public enum NodeState {
    /** Answers probes and dials. */
    UP,
    /** Missed a probe: no new calls until it answers again or is declared down. */
    PROBING,
    /** Unreachable or failed too many probes: its calls were ended; probed back with back-off. */
    DOWN,
    /** Failed too many dials in a row: out of selection until the blacklist expires, then probed. */
    BLACKLISTED,
    /** Taken out by an administrator: stays out until enabled again. */
    DISABLED
}
