package com.rayo.rtp.config;

import java.util.List;

import com.rayo.rtp.relay.RelaySpec;

/** One cluster as configured: its name, control sockets, relays and which of them start suspended. */
public record ClusterSpec(String name, List<String> control, List<RelaySpec> relays, List<String> suspended) { }
