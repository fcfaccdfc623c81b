package com.rayo.rtp.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.rayo.rtp.protocol.Bencode;
import com.rayo.rtp.protocol.ProtocolException;

/**
 * rtpengine's NG protocol in front of a cluster (bencoded dictionaries): {@code ping} is
 * answered here, {@code offer} places a new call-id on a relay like U does, {@code answer},
 * {@code delete} and {@code query} follow the call-id's pin, {@code statistics} gathers
 * every online relay's answer. Relays need an {@code ng-address}.
 */
public final class NgHandler {
    private final Cluster cluster;

    public NgHandler(Cluster cluster) { this.cluster = cluster; }

    /** The bencoded reply to one bencoded request. */
    public CompletableFuture<String> handle(String bencoded) {
        Map<String, Object> req;
        try {
            if (!(Bencode.decode(bencoded) instanceof Map<?, ?> m)) return error("the request must be a bencoded dictionary");
            @SuppressWarnings("unchecked") Map<String, Object> typed = (Map<String, Object>) m;
            req = typed;
        } catch (ProtocolException e) {
            cluster.stats().badCommands.incrementAndGet();
            return error("malformed bencode: " + e.getMessage());
        }
        cluster.stats().commands.incrementAndGet();
        String command = String.valueOf(req.getOrDefault("command", ""));
        String callId = req.get("call-id") instanceof String s ? s : null;
        return switch (command) {
            case "ping" -> CompletableFuture.completedFuture(Bencode.encode(Map.of("result", "pong")));
            case "offer" -> callId == null ? error("offer needs a call-id") : cluster.ngCreate(callId, bencoded);
            case "answer", "query" -> callId == null ? error(command + " needs a call-id") : cluster.ngPinned(callId, bencoded, false);
            case "delete" -> callId == null ? error("delete needs a call-id") : cluster.ngPinned(callId, bencoded, true);
            case "statistics" -> cluster.ngStatistics(bencoded);
            default -> error("unsupported command '" + command + "' (ping, offer, answer, delete, query, statistics)");
        };
    }

    static CompletableFuture<String> error(String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("result", "error");
        r.put("error-reason", reason);
        return CompletableFuture.completedFuture(Bencode.encode(r));
    }
}
