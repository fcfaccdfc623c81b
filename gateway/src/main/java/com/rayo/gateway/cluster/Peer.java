package com.rayo.gateway.cluster;

import java.time.Instant;

/** One gateway of the cluster as this gateway sees it. */
public record Peer(String id, PeerState state, boolean self, Instant lastHeartbeat, Instant started, int calls, long messages, long errors) { }
