package com.rayo.gateway.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.Rows.ReplyRow;
import com.rayo.cassandra.store.Rows.RequestRow;

/**
 * Broadcast requests between gateways, after the OpenSIPS clusterer's {@code cluster_broadcast_req}
 * (seed 003): a request goes to every gateway, each answers it, and the sender hears the replies as
 * events as they arrive. The shared store carries them, so standbys (not connected to XMPP) take
 * part like the holder and no peer channel has to be secured.
 */
public final class Broadcasts implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Broadcasts.class);
    /** How far back a poll looks: covers a poll that failed and senders whose clock is behind. */
    private static final Duration LOOKBACK = Duration.ofSeconds(10);
    private static final long REPLY_POLL_MS = 50;

    /** Answers one kind of request: the text returned is the reply; an exception makes a failed reply. */
    public interface Handler {
        String answer(String body) throws Exception;
    }

    public record Reply(String gateway, boolean ok, String body) { }

    private final String self;
    private final ClusterStore store;
    private final Clock clock;
    private final Supplier<List<Peer>> peers;
    private final Instant started;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    /** Requests this gateway answered (id → created), kept for a LOOKBACK so each is answered once. */
    private final Map<String, Instant> answered = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();

    public Broadcasts(String self, ClusterStore store, Clock clock, Supplier<List<Peer>> peers) {
        this.self = self;
        this.store = store;
        this.clock = clock;
        this.peers = peers;
        this.started = clock.instant();
    }

    /** Registers how this gateway answers {@code kind}; a kind nobody registered gets a failed reply. */
    public void on(String kind, Handler handler) { handlers.put(kind, handler); }

    /** The receiving side, every poll interval: answers the requests of other gateways it has not answered yet. */
    @Override public void run() {
        Instant now = clock.instant();
        Instant since = now.minus(LOOKBACK);
        try {
            for (RequestRow r : store.requestsSince(since.isBefore(started) ? started.minusSeconds(1) : since)) {
                if (r.sender().equals(self) || answered.putIfAbsent(r.id(), r.created()) != null) continue;
                Reply reply = answerHere(r.kind(), r.body());
                log.info("event=broadcast-request id={} kind={} from={} ok={} reply=\"{}\"", r.id(), r.kind(), r.sender(), reply.ok(), reply.body());
                store.putReply(new ReplyRow(r.id(), self, reply.ok(), reply.body(), clock.instant()));
            }
        } catch (RuntimeException e) {
            log.debug("event=broadcast-poll-failed reason=\"{}\"", e.getMessage()); // the store is down: requests wait in it
        }
        answered.values().removeIf(created -> created.isBefore(now.minus(LOOKBACK.multipliedBy(2))));
    }

    private Reply answerHere(String kind, String body) {
        Handler h = handlers.get(kind);
        if (h == null) return new Reply(self, false, "not handled by this gateway: " + kind);
        try {
            return new Reply(self, true, h.answer(body));
        } catch (Exception e) {
            return new Reply(self, false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /**
     * Sends a request to every gateway and returns the replies that came within {@code timeout},
     * this gateway's first. It is answered here first: if that fails (a bad argument), it is not sent
     * at all. Then every other gateway up or probing in the membership view is waited for; each reply
     * is logged and handed to {@code onReply} as it arrives, and those that did not answer are logged.
     *
     * @throws IllegalStateException when the store cannot take the request (only this gateway acted)
     */
    public List<Reply> request(String kind, String body, Duration timeout, Consumer<Reply> onReply) throws InterruptedException {
        Map<String, Reply> got = new LinkedHashMap<>();
        Reply mine = answerHere(kind, body);
        got.put(self, mine);
        onReply.accept(mine);
        if (!mine.ok()) return List.copyOf(got.values());
        Set<String> expected = peers.get().stream().filter(p -> !p.self() && (p.state() == PeerState.UP || p.state() == PeerState.PROBING))
                .map(Peer::id).collect(Collectors.toSet());
        String id = self + "-" + clock.millis() + "-" + seq.incrementAndGet();
        try {
            store.postRequest(new RequestRow(id, self, clock.instant(), kind, body));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the cluster store is unreachable: the request was answered by this gateway only (" + e.getMessage() + ")", e);
        }
        log.info("event=broadcast-sent id={} kind={} waiting-for={}", id, kind, expected);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!got.keySet().containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(REPLY_POLL_MS);
            try {
                for (ReplyRow r : store.replies(id)) {
                    if (got.containsKey(r.gateway())) continue;
                    Reply reply = new Reply(r.gateway(), r.ok(), r.body());
                    got.put(r.gateway(), reply);
                    log.info("event=broadcast-reply id={} kind={} peer={} ok={} reply=\"{}\"", id, kind, r.gateway(), r.ok(), r.body());
                    onReply.accept(reply);
                }
            } catch (RuntimeException e) {
                log.debug("event=broadcast-replies-unreadable id={} reason=\"{}\"", id, e.getMessage());
            }
        }
        Set<String> silent = expected.stream().filter(p -> !got.containsKey(p)).collect(Collectors.toSet());
        if (!silent.isEmpty()) log.warn("event=broadcast-unanswered id={} kind={} peers={} after-ms={}", id, kind, silent, timeout.toMillis());
        return List.copyOf(got.values());
    }
}
