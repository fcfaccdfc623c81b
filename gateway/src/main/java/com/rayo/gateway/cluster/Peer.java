package com.rayo.gateway.cluster;

import java.time.Instant;

/**
 * One gateway of the cluster as this gateway sees it.
 *
 * @param role {@code holder} of the XMPP domains or {@code standby}
 */
public record Peer(String id, PeerState state, String role, boolean self, Instant lastHeartbeat, Instant started, int calls, long messages, long errors) {
    public static final String HOLDER = "holder";
    public static final String STANDBY = "standby";
}
