package com.rayo.rtp.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.rayo.rtp.protocol.Bencode;
import com.rayo.rtp.protocol.ProtocolException;

/**
 * rtpengine's NG protocol in front of a cluster (bencoded dictionaries): {@code ping} is
 * answered here, {@code offer} (and {@code publish}) places a new call-id on a relay like U
 * does, {@code delete} ends the pin, and every other command that carries a call-id (answer,
 * query, play media, block DTMF, start recording, subscribe request…) follows the call-id's
 * pin as it is, so the media commands of rtpengine's later releases pass too. {@code
 * statistics} gathers every online relay's answer, {@code list} names the pinned calls.
 * Relays need an {@code ng-address}.
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
            case "statistics" -> cluster.ngStatistics(bencoded);
            case "list" -> CompletableFuture.completedFuture(Bencode.encode(Map.of("result", "ok", "calls", cluster.ngCallIds())));
            case "offer", "publish" -> callId == null ? error(command + " needs a call-id") : cluster.ngCreate(callId, bencoded);
            case "delete" -> callId == null ? error("delete needs a call-id") : cluster.ngPinned(callId, bencoded, true);
            default -> {
                if (callId != null) yield cluster.ngPinned(callId, bencoded, false);
                if (command.isEmpty()) yield error("the request has no command");
                yield error("unsupported command '" + command + "' without a call-id: ping, statistics and list are answered here,"
                        + " offer/publish create a session, every other command is forwarded to the relay of its call-id");
            }
        };
    }

    static CompletableFuture<String> error(String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("result", "error");
        r.put("error-reason", reason);
        return CompletableFuture.completedFuture(Bencode.encode(r));
    }
}
