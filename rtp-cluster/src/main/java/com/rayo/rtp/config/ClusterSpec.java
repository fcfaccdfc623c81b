package com.rayo.rtp.config;

import java.util.List;

import com.rayo.rtp.relay.RelaySpec;

/**
 * One cluster as configured: its name, control sockets, relays and which of them start suspended.
 *
 * @param softCapacity whether a full relay still takes sessions when none with room can (rtp_cluster's capacity_limit type="soft")
 */
public record ClusterSpec(String name, List<String> control, List<RelaySpec> relays, List<String> suspended, boolean softCapacity) { }
