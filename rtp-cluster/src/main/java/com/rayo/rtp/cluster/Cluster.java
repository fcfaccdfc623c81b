package com.rayo.rtp.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.rtp.protocol.Command;
import com.rayo.rtp.protocol.Replies;
import com.rayo.rtp.relay.Relay;
import com.rayo.rtp.relay.RelayProber;
import com.rayo.rtp.relay.RelayState;

/**
 * One cluster: looks like one RTPproxy to signalling. A new session (U) goes to a relay
 * chosen by weight × free capacity; every later command of that call-id goes to the same
 * relay. A relay that does not answer a new session is marked failed and the session is
 * placed on another relay; the first relay gets a delete for that call when it answers
 * again, so no duplicate session is left behind.
 */
public final class Cluster {
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);

    private final String name;
    private final List<String> controlAddresses;
    private final List<Relay> relays = new CopyOnWriteArrayList<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /**
     * Calls ended here lately, and when: a relay keeps listing a deleted call for its delete-delay
     * (rtpengine: 30 s by default), and a reconciliation must not pin it again.
     */
    private final Map<String, Long> recentlyEnded = new ConcurrentHashMap<>();
    static final long ENDED_MEMORY_NANOS = 120_000_000_000L;
    /** Call-ids a relay may hold although the session went elsewhere: deleted there when it is back. */
    private final Map<Relay, List<String>> orphans = new ConcurrentHashMap<>();
    private final Duration commandTimeout;
    private final Supplier<Random> random;
    private volatile RelayProber prober;
    private final ClusterStats stats = new ClusterStats();
    private volatile boolean softCapacity;

    /** A pinned session: its relay, when it was pinned, and the answer to its first Q (rtpengine must not get a second). */
    private static final class Session {
        final Relay relay;
        final long pinnedNanos = System.nanoTime();
        volatile String queryReply;

        Session(Relay relay) { this.relay = relay; }
    }

    /** What a reconciliation with one relay changed. */
    public record Reconciled(int expired, int adopted) {}

    /**
     * Makes the pins on {@code r} match the calls it has ({@code relayCalls}, from its NG {@code list}):
     * a pin whose call the relay no longer has (its delete was lost, the relay timed it out, the relay
     * restarted) goes and frees its capacity — unless it is younger than {@code graceNanos} (its offer may
     * still be on the way); a call the relay has that nothing pins (this balancer restarted) is pinned
     * to it again, so its later commands and its delete reach it.
     */
    public Reconciled reconcile(Relay r, java.util.Set<String> relayCalls, long graceNanos) {
        int expired = 0, adopted = 0;
        long now = System.nanoTime();
        for (Map.Entry<String, Session> e : sessions.entrySet()) {
            Session s = e.getValue();
            if (s.relay == r && !relayCalls.contains(e.getKey()) && now - s.pinnedNanos > graceNanos && sessions.remove(e.getKey(), s)) {
                r.sessionEnded();
                expired++;
            }
        }
        recentlyEnded.values().removeIf(t -> now - t > ENDED_MEMORY_NANOS);
        for (String callId : relayCalls) {
            if (recentlyEnded.containsKey(callId)) continue;
            Session s = new Session(r);
            if (sessions.putIfAbsent(callId, s) == null) {
                r.sessionStarted();
                adopted++;
            }
        }
        if (expired > 0 || adopted > 0) log.info("event=sessions-reconciled cluster={} relay={} expired={} adopted={}", name, r.name(), expired, adopted);
        removeIfDrained(r);
        return new Reconciled(expired, adopted);
    }

    public Cluster(String name, List<String> controlAddresses, Duration commandTimeout, Supplier<Random> random) {
        this.name = name;
        this.controlAddresses = List.copyOf(controlAddresses);
        this.commandTimeout = commandTimeout;
        this.random = random;
    }

    public static Cluster withDefaults(String name, List<String> control, Duration commandTimeout) {
        return new Cluster(name, control, commandTimeout, ThreadLocalRandom::current);
    }

    public void attach(RelayProber prober) { this.prober = prober; }

    /** Soft: a full relay still takes sessions when no relay with room can; hard (the default): it takes none. */
    public void softCapacityLimit(boolean soft) { this.softCapacity = soft; }
    public boolean softCapacityLimit() { return softCapacity; }

    public String name() { return name; }
    public List<String> controlAddresses() { return controlAddresses; }
    public List<Relay> relays() { return List.copyOf(relays); }
    public int sessionCount() { return sessions.size(); }
    public ClusterStats stats() { return stats; }

    public Relay relay(String relayName) {
        for (Relay r : relays) if (r.name().equals(relayName)) return r;
        return null;
    }

    public void add(Relay r) {
        if (relay(r.name()) != null) throw new IllegalArgumentException("cluster " + name + " already has a relay named " + r.name());
        relays.add(r);
    }

    /** Graceful delete: no new sessions; gone once its sessions have ended. */
    public void delete(Relay r) {
        r.setAdminState(RelayState.DRAINING);
        removeIfDrained(r);
    }

    private void removeIfDrained(Relay r) {
        if (r.adminState() == RelayState.DRAINING && r.sessions() == 0 && relays.remove(r)) {
            r.close();
            log.info("event=relay-removed cluster={} relay={}", name, r.name());
        }
    }

    /** The relay came back: deletes the sessions it may still hold from before. */
    public void relayUp(Relay r) {
        List<String> ids = orphans.remove(r);
        if (ids == null) return;
        for (String id : ids) r.link().send("D " + id + " " + "orphan", commandTimeout);
        log.info("event=orphans-deleted cluster={} relay={} calls={}", name, r.name(), ids.size());
    }

    /** Handles one command; the future holds the reply (without cookie). */
    public CompletableFuture<String> handle(Command c) {
        stats.commands.incrementAndGet();
        return dispatch(c).thenApply(reply -> {
            if (reply.startsWith("E")) stats.errors.incrementAndGet();
            return reply;
        });
    }

    private CompletableFuture<String> dispatch(Command c) {
        switch (c.verb()) {
            case 'V':
                if (c.isVersionQuery()) return CompletableFuture.completedFuture(Replies.VERSION);
                if (c.isFeatureQuery()) return anyRelay(c);
                return CompletableFuture.completedFuture(Replies.UNSUPPORTED);
            case 'U':
                return update(c);
            case 'L':
            case 'D':
            case 'Q':
                return pinned(c);
            default:
                return CompletableFuture.completedFuture(Replies.UNSUPPORTED);
        }
    }

    private CompletableFuture<String> anyRelay(Command c) {
        List<Relay> plan = plan();
        if (plan.isEmpty()) return CompletableFuture.completedFuture(Replies.NO_RELAY);
        return plan.get(0).link().send(c.body(), commandTimeout).exceptionally(e -> Replies.NO_RELAY);
    }

    private CompletableFuture<String> update(Command c) {
        String callId = c.callId();
        if (callId == null) return CompletableFuture.completedFuture(Replies.SYNTAX);
        Session s = sessions.get(callId);
        if (s != null) return forward(s.relay, c); // re-offer of a known call: its relay
        return create(callId, plan(), r -> r.link().send(c.body(), commandTimeout), reply -> !reply.startsWith("E"), Replies.NO_RELAY);
    }

    /** A new session on the first relay of the plan that answers; a silent relay is failed over (and cleaned later). */
    private CompletableFuture<String> create(String callId, List<Relay> plan, Function<Relay, CompletableFuture<String>> send,
                                             Predicate<String> created, String noRelay) {
        if (plan.isEmpty()) {
            log.warn("event=no-relay cluster={} call={}", name, callId);
            return CompletableFuture.completedFuture(noRelay);
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        tryCreate(callId, plan, 0, send, created, noRelay, result);
        return result;
    }

    private void tryCreate(String callId, List<Relay> plan, int i, Function<Relay, CompletableFuture<String>> send, Predicate<String> created,
                           String noRelay, CompletableFuture<String> result) {
        if (i >= plan.size()) {
            result.complete(noRelay);
            return;
        }
        Relay r = plan.get(i);
        send.apply(r).whenComplete((reply, error) -> {
            if (error == null) {
                if (created.test(reply)) {
                    Session prev = sessions.putIfAbsent(callId, new Session(r));
                    if (prev == null) r.sessionStarted();
                }
                result.complete(reply);
                return;
            }
            // No answer: the relay may still create it later; remember to delete it there.
            orphans.computeIfAbsent(r, k -> new CopyOnWriteArrayList<>()).add(callId);
            if (error instanceof TimeoutException && prober != null) prober.commandTimedOut(r);
            stats.failovers.incrementAndGet();
            log.warn("event=relay-failover cluster={} relay={} call={} reason=\"{}\"", name, r.name(), callId, error.getMessage());
            tryCreate(callId, plan, i + 1, send, created, noRelay, result);
        });
    }

    // NG protocol (bencoded): the same placement and pinning, on the relays' NG channels.

    CompletableFuture<String> ngCreate(String callId, String bencoded) {
        Session s = sessions.get(callId);
        if (s != null) return ngForward(s.relay, bencoded);
        List<Relay> plan = plan().stream().filter(r -> r.ngLink() != null).toList();
        return create(callId, plan, r -> r.ngLink().send(bencoded, commandTimeout), Cluster::ngOk, NgHandler.error("no relay could take the call").join());
    }

    CompletableFuture<String> ngPinned(String callId, String bencoded, boolean delete) {
        Session s = sessions.get(callId);
        if (s == null) return NgHandler.error("unknown call-id " + callId);
        if (!delete) return ngForward(s.relay, bencoded);
        if (s.relay.state() == RelayState.OFFLINE || s.relay.ngLink() == null) return CompletableFuture.completedFuture(deletedWithoutRelay(callId, s));
        return s.relay.ngLink().send(bencoded, commandTimeout).handle((reply, error) -> {
            if (error == null) {
                if (ngOk(reply)) ended(callId, s);
                return reply;
            }
            relayFailed(s.relay, error);
            return deletedWithoutRelay(callId, s);
        });
    }

    /**
     * A delete the session's relay cannot take (offline, silent): the pin goes now, so nothing stays
     * bound to a dead relay; the relay's copy is deleted when it is back.
     */
    private String deletedWithoutRelay(String callId, Session s) {
        orphans.computeIfAbsent(s.relay, k -> new CopyOnWriteArrayList<>()).add(callId);
        ended(callId, s);
        log.info("event=session-dropped cluster={} relay={} call={} reason=\"relay unavailable\"", name, s.relay.name(), callId);
        Map<String, Object> ok = new java.util.LinkedHashMap<>();
        ok.put("result", "ok");
        ok.put("warning", "relay " + s.relay.name() + " is unavailable; the session is deleted there when it is back");
        return com.rayo.rtp.protocol.Bencode.encode(ok);
    }

    private void relayFailed(Relay r, Throwable error) {
        if ((error instanceof TimeoutException || error.getCause() instanceof TimeoutException) && prober != null) prober.commandTimedOut(r);
    }

    /** The pinned call-ids, as rtpengine's {@code list} names its calls. */
    List<Object> ngCallIds() { return List.copyOf(sessions.keySet()); }

    CompletableFuture<String> ngStatistics(String bencoded) {
        List<Relay> online = relays.stream().filter(r -> r.ngLink() != null && r.state() != RelayState.OFFLINE).toList();
        Map<String, Object> perRelay = new java.util.LinkedHashMap<>();
        CompletableFuture<?>[] all = online.stream().map(r -> r.ngLink().send(bencoded, commandTimeout).handle((reply, e) -> {
            try {
                synchronized (perRelay) {
                    perRelay.put(r.name(), e == null ? com.rayo.rtp.protocol.Bencode.decode(reply) : Map.of("result", "error", "error-reason", "no answer"));
                }
            } catch (com.rayo.rtp.protocol.ProtocolException pe) {
                synchronized (perRelay) {
                    perRelay.put(r.name(), Map.of("result", "error", "error-reason", "malformed answer"));
                }
            }
            return null;
        })).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenApply(x -> {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("result", "ok");
            out.put("sessions", (long) sessions.size());
            out.put("relays", perRelay);
            return com.rayo.rtp.protocol.Bencode.encode(out);
        });
    }

    private CompletableFuture<String> ngForward(Relay r, String bencoded) {
        if (r.ngLink() == null) return NgHandler.error("relay " + r.name() + " has no NG address");
        // Its sessions are gone with it: say so now rather than after a timeout.
        if (r.state() == RelayState.OFFLINE) return NgHandler.error("relay " + r.name() + " is offline");
        return r.ngLink().send(bencoded, commandTimeout).exceptionally(e -> {
            relayFailed(r, e);
            return NgHandler.error("relay " + r.name() + " did not answer").join();
        });
    }

    private static boolean ngOk(String reply) {
        try {
            return com.rayo.rtp.protocol.Bencode.decode(reply) instanceof Map<?, ?> m && "ok".equals(m.get("result"));
        } catch (com.rayo.rtp.protocol.ProtocolException e) {
            return false;
        }
    }

    private void ended(String callId, Session s) {
        if (sessions.remove(callId, s)) {
            recentlyEnded.put(callId, System.nanoTime());
            s.relay.sessionEnded();
            removeIfDrained(s.relay);
        }
    }

    private CompletableFuture<String> pinned(Command c) {
        String callId = c.callId();
        if (callId == null) return CompletableFuture.completedFuture(Replies.SYNTAX);
        Session s = sessions.get(callId);
        if (s == null) return CompletableFuture.completedFuture(Replies.UNSUPPORTED);
        if (c.verb() == 'Q') {
            String cached = s.queryReply;
            if (cached != null) return CompletableFuture.completedFuture(cached);
            return forward(s.relay, c).thenApply(reply -> {
                s.queryReply = reply;
                return reply;
            });
        }
        if (c.verb() == 'D' && s.relay.state() == RelayState.OFFLINE) {
            deletedWithoutRelay(callId, s);
            return CompletableFuture.completedFuture("0");
        }
        CompletableFuture<String> f = forward(s.relay, c);
        if (c.verb() != 'D') return f;
        return f.thenApply(reply -> {
            if (reply.equals(Replies.NO_RELAY)) { // the relay did not answer: the session is lost with it
                deletedWithoutRelay(callId, s);
                return "0";
            }
            // A delete with the to-tag only ends one side in RTPproxy terms; any D that the relay accepted ends it here.
            if (!reply.startsWith("E")) ended(callId, s);
            return reply;
        });
    }

    private CompletableFuture<String> forward(Relay r, Command c) {
        return r.link().send(c.body(), commandTimeout).exceptionally(e -> {
            relayFailed(r, e);
            log.warn("event=relay-command-failed cluster={} relay={} call={} reason=\"{}\"", name, r.name(), c.callId(), e.getMessage());
            return Replies.NO_RELAY;
        });
    }

    /**
     * Where a new session goes, first choice first: online relays with a weight and room, in
     * weighted random order without replacement (weight × free capacity); then backups (weight
     * 0) with room, least loaded first; then, under a soft capacity limit, full relays, least
     * loaded first (rtp_cluster's capacity_limit type="soft": capacity weighs, it does not refuse).
     */
    List<Relay> plan() {
        List<Relay> left = new ArrayList<>();
        List<Relay> backups = new ArrayList<>();
        List<Relay> full = new ArrayList<>();
        for (Relay r : relays) {
            if (!r.takesNew()) continue;
            if (r.load() >= 1) full.add(r);
            else if (r.spec().weight() == 0) backups.add(r);
            else left.add(r);
        }
        List<Relay> out = new ArrayList<>(left.size() + backups.size() + full.size());
        Random rnd = random.get();
        while (!left.isEmpty()) {
            double total = 0;
            for (Relay r : left) total += r.effectiveWeight();
            double pick = rnd.nextDouble() * total;
            int i = 0;
            for (; i < left.size() - 1; i++) {
                pick -= left.get(i).effectiveWeight();
                if (pick < 0) break;
            }
            out.add(left.remove(i));
        }
        backups.sort(java.util.Comparator.comparingDouble(Relay::load));
        out.addAll(backups);
        if (softCapacity) {
            full.sort(java.util.Comparator.comparingDouble(Relay::load));
            out.addAll(full);
        }
        return out;
    }
}
