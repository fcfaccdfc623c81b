package com.rayo.rtp.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.rtp.protocol.Bencode;
import com.rayo.rtp.relay.Relay;
import com.rayo.rtp.relay.RelayState;

/**
 * Keeps the balancer's pins true to the relays: at start (a restarted balancer learns every live
 * call again) and then every interval, it asks each online relay with an NG address for its calls
 * ({@code list}) and reconciles. Relays without NG (RTPproxy protocol only) cannot list their
 * calls: their pins end only by delete.
 */
public final class SessionReconciler implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SessionReconciler.class);
    /** rtpengine lists 32 calls unless told more. */
    static final long LIST_LIMIT = 1_000_000;

    private final List<Cluster> clusters;
    private final Duration commandTimeout;
    private final long graceNanos;

    /** @param grace how old a pin must be before the relay's not listing it ends it */
    public SessionReconciler(List<Cluster> clusters, Duration commandTimeout, Duration grace) {
        this.clusters = List.copyOf(clusters);
        this.commandTimeout = commandTimeout;
        this.graceNanos = grace.toNanos();
    }

    @Override public void run() {
        for (Cluster c : clusters) {
            for (Relay r : c.relays()) {
                if (r.ngLink() == null || r.state() == RelayState.OFFLINE) continue;
                try {
                    Set<String> calls = listCalls(r);
                    if (calls != null) c.reconcile(r, calls, graceNanos);
                } catch (Exception e) {
                    log.debug("event=reconcile-skipped cluster={} relay={} reason=\"{}\"", c.name(), r.name(), e.toString());
                }
            }
        }
    }

    /** The relay's call-ids, or null when its answer is not a list of calls. */
    private Set<String> listCalls(Relay r) throws Exception {
        String reply = r.ngLink().send(Bencode.encode(Map.of("command", "list", "limit", LIST_LIMIT)), commandTimeout)
                .get(commandTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        if (!(Bencode.decode(reply) instanceof Map<?, ?> m) || !"ok".equals(m.get("result")) || !(m.get("calls") instanceof List<?> calls)) return null;
        Set<String> out = new HashSet<>();
        for (Object id : calls) out.add(String.valueOf(id));
        return out;
    }
}
