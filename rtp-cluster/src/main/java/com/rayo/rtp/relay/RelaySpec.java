package com.rayo.rtp.relay;

import java.net.InetSocketAddress;

/**
 * A relay as configured: {@code name=…,protocol=udp,address=host:port,capacity=…,weight=…}
 * (weight 0: a backup, chosen only when no weighted relay can take a new session)
 * (rtp_cluster's admin syntax and XML fields), plus its NG control address when it has one
 * ({@code ng-address=host:port}: rtpengine's bencoded protocol).
 */
public record RelaySpec(String name, String protocol, InetSocketAddress address, int capacity, int weight, InetSocketAddress ngAddress) {
    public RelaySpec(String name, String protocol, InetSocketAddress address, int capacity, int weight) {
        this(name, protocol, address, capacity, weight, null);
    }

    public RelaySpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("relay name is empty");
        if (!protocol.equals("udp")) throw new IllegalArgumentException("relay " + name + ": protocol must be udp (got " + protocol + ")");
        if (capacity <= 0) throw new IllegalArgumentException("relay " + name + ": capacity must be > 0");
        if (weight < 0) throw new IllegalArgumentException("relay " + name + ": weight must be >= 0 (0: a backup that takes new sessions only when no weighted relay can)");
    }

    public static InetSocketAddress hostPort(String s, int defaultPort) {
        String a = s.trim();
        int colon = a.lastIndexOf(':');
        try {
            if (colon < 0) return new InetSocketAddress(a, defaultPort);
            return new InetSocketAddress(a.substring(0, colon).replace("[", "").replace("]", ""), Integer.parseInt(a.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + s + "' is not host:port");
        }
    }

    /** Parses {@code name=R1,protocol=udp,address=127.0.0.1:22221,capacity=100,weight=10}. */
    public static RelaySpec parse(String spec) {
        java.util.Map<String, String> kv = new java.util.HashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("expected key=value, got '" + part + "'");
            kv.put(part.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT), part.substring(eq + 1).trim());
        }
        for (String k : java.util.List.of("name", "address", "capacity", "weight")) {
            if (!kv.containsKey(k)) throw new IllegalArgumentException("missing " + k + "= (name, protocol, address, capacity, weight)");
        }
        try {
            return new RelaySpec(kv.get("name"), kv.getOrDefault("protocol", "udp").toLowerCase(java.util.Locale.ROOT), hostPort(kv.get("address"), 22222),
                    Integer.parseInt(kv.get("capacity")), Integer.parseInt(kv.get("weight")), kv.containsKey("ng-address") ? hostPort(kv.get("ng-address"), 2223) : null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("capacity and weight must be integers");
        }
    }
}
