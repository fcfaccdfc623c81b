package com.rayo.gateway.routing;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

import com.rayo.gateway.health.NodeProber;
import com.rayo.gateway.health.ProbeResult;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.xml.XmlElement;

/** XEP-0199 pings from the internal domain to a node, for the {@link NodeProber}. */
public final class NodePinger implements NodeProber.Pinger {
    static final String PING_NS = "urn:xmpp:ping";
    /**
     * Errors the XMPP server sends on behalf of a component that is not connected (Prosody:
     * remote-server-timeout "Component unavailable"). Any other error, service-unavailable
     * included, was produced by the node itself: it is alive, just does not do pings.
     */
    private static final Set<StanzaError> UNREACHABLE = Set.of(StanzaError.REMOTE_SERVER_TIMEOUT, StanzaError.REMOTE_SERVER_NOT_FOUND,
            StanzaError.RECIPIENT_UNAVAILABLE);
    private static final XmlElement PING = XmlElement.builder("ping", PING_NS).build();

    private final RoutingContext ctx;
    private final Duration timeout;

    public NodePinger(RoutingContext ctx, Duration timeout) {
        this.ctx = ctx;
        this.timeout = timeout;
    }

    /** Whether a response is the XMPP server saying the node is not connected. */
    static boolean isBounce(Stanza response) {
        return response.isError() && UNREACHABLE.contains(response.errorCondition());
    }

    @Override public void ping(String nodeDomain, Consumer<ProbeResult> result) {
        String id = ctx.pending().newId();
        ctx.pending().await(id, nodeDomain, timeout, new PendingRequests.Waiter() {
            @Override public void onResponse(Stanza response) {
                result.accept(isBounce(response) ? ProbeResult.UNREACHABLE : ProbeResult.ANSWERED);
            }

            @Override public void onFailure(PendingRequests.Failure failure) {
                // Handed over: the probe says nothing of the node; the new holder probes it.
                if (failure != PendingRequests.Failure.HANDED_OVER) result.accept(failure == PendingRequests.Failure.TIMEOUT ? ProbeResult.TIMED_OUT : ProbeResult.UNREACHABLE);
            }
        });
        ctx.outbox().toNodes(Stanza.iq("get", ctx.domains().internalJid(), Jid.domain(nodeDomain), id, PING));
    }
}
