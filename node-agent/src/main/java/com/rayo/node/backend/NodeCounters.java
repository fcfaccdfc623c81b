package com.rayo.node.backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a node counts for its metrics: calls by direction, SIP responses by class and direction,
 * media relay errors, verbs by kind. Lock-free counters, read at scrape time.
 */
public final class NodeCounters {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public void callStarted(String direction) { add("calls|" + direction); }

    /** A SIP response received ({@code received}) or sent, by class (1xx … 6xx). */
    public void sipResponse(boolean received, int status) { add("sip|" + (received ? "received" : "sent") + "|" + (status / 100) + "xx"); }

    /** The media relay failed a command or lost a call's session. */
    public void relayError() { add("relay-errors"); }

    public void verbStarted(String verb) { add("verbs|" + verb); }

    private void add(String key) { counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet(); }

    /** Every count, keyed {@code kind|label…}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
