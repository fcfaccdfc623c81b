package com.rayo.cassandra.store;

import java.time.Instant;

/** The stored shapes of the cluster state: plain values, one record per table family. */
public final class Rows {
    private Rows() {}

    public record NodeRow(String domain, String platform, int weight, int priority, String status, int activeCalls, int capacity,
                          String gateway, Instant updated) { }

    public record ApplicationRow(String jid, String name, String platform) { }

    public record AddressRow(String address, String appJid) { }

    public record ResourceRow(String appJid, String resource, boolean offers, String gateway, Instant updated) { }

    /** A call; {@code ended} is null while active. */
    public record CallRow(String callId, String node, String appJid, String owner, String direction, String state, String gateway,
                          Instant created, Instant ended, String endReason) {
        public CallRow ended(Instant at, String reason) {
            return new CallRow(callId, node, appJid, owner, direction, "ended", gateway, created, at, reason);
        }
    }

    /**
     * A mixer: {@code name} is the gateway's internal name (unique across applications, what nodes
     * see), {@code mixerName} what its application calls it.
     */
    public record MixerRow(String name, String mixerName, String application, String node, Instant created) { }

    /** One call in a mixer: how it joined and whether it is speaking now. */
    public record ParticipantRow(String callId, String direction, boolean speaking) { }

    public record BanRow(String jid, String reason, Instant created) { }

    public record BlacklistRow(String platform, String domain, String reason, Instant until) { }

    /** A gateway's heartbeat: who it is, when it last wrote, and its own counters. */
    /** @param domains the XMPP domains it serves (its lease's name); gateways with the same ones stand in for each other */
    public record GatewayRow(String id, Instant heartbeat, Instant started, int calls, long messages, long errors, String domains) { }

    /** A request broadcast to every gateway (seed 003); {@code kind} says which handler answers it. */
    public record RequestRow(String id, String sender, Instant created, String kind, String body) { }

    /** One gateway's answer to a broadcast request. */
    public record ReplyRow(String requestId, String gateway, boolean ok, String body, Instant at) { }

    /**
     * A lease (the XMPP domains one gateway holds): {@code holder} is null when free (expired or
     * released); {@code epoch} counts holders (the fencing token, 0 = never taken).
     */
    public record LeaseRow(String name, String holder, long epoch, String lastHolder) {
        public boolean free() { return holder == null; }
    }
}
