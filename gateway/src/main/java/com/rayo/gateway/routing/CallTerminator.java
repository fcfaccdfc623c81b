package com.rayo.gateway.routing;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.gateway.mixers.MixerEvents;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/**
 * Ends calls the gateway can no longer route: a lost or dead node's calls end for their
 * owners, a departed owner's calls are hung up on their node. Nothing is left hanging.
 */
public final class CallTerminator {
    private static final Logger log = LoggerFactory.getLogger(CallTerminator.class);
    private final RoutingContext ctx;
    private final OfferDistributor offers;
    private final MixerEvents mixers;

    public CallTerminator(RoutingContext ctx, OfferDistributor offers, MixerEvents mixers) {
        this.ctx = ctx;
        this.offers = offers;
        this.mixers = mixers;
    }

    /** The node said goodbye (unavailable): forget it and end its calls. */
    public void nodeLost(String nodeDomain, String reason) {
        ctx.nodes().remove(nodeDomain);
        endCallsOf(nodeDomain, reason, false);
    }

    /**
     * Probes say the node is dead (or hung): its calls end for their owners now; it stays
     * known so probes can bring it back, and each call is also hung up on it, so a node
     * that was only frozen does not wake up holding calls nobody controls.
     */
    public void nodeDown(RayoNode node, String reason) {
        endCallsOf(node.domain(), reason, true);
    }

    private void endCallsOf(String nodeDomain, String reason, boolean hangUpOnNode) {
        // Before the calls end: the owners of every call in a mixer there hear it is gone first.
        mixers.nodeLost(nodeDomain, reason);
        List<CallRecord> calls = ctx.calls().onNode(nodeDomain);
        log.warn("event=node-lost node={} reason=\"{}\" calls={}", nodeDomain, reason, calls.size());
        for (CallRecord c : calls) {
            if (!endForOwner(c, "node lost: " + ctx.hideNodes(reason))) continue;
            ctx.stats().callsEndedByNodeLoss.incrementAndGet();
            if (hangUpOnNode) ctx.commandCall(nodeDomain, c.callId(), Signal.of(Signal.Type.HANGUP).toXml());
        }
        ctx.pending().nodeLost(nodeDomain);
    }

    /**
     * The node answered a command to the call with item-not-found: it no longer has the call, whose
     * end was lost (sent while no gateway held the domains, or into a frozen holder's socket). The
     * call ends for its owner instead of staying on the books, and on the node's load, for ever.
     */
    public void unknownToNode(CallRecord c) {
        if (endForOwner(c, "the node no longer has this call")) {
            log.warn("event=call-unknown-to-node call={} node={} action=ended", c.callId(), c.nodeDomain());
        }
    }

    /** Forgets the call and sends its owner (and whoever it is on offer to) an error end; false if it had ended already. */
    private boolean endForOwner(CallRecord c, String text) {
        List<Jid> recipients = offers.recipients(c);
        if (ctx.calls().remove(c.callId(), "error") == null) return false;
        offers.forget(c.callId());
        mixers.callGone(c);
        ctx.nodes().callEnded(c.nodeDomain());
        for (Jid to : recipients) {
            ctx.outbox().toApplications(Stanza.presence(ctx.domains().externalCall(c.callId(), null), to, null, List.of(End.error(text).toXml())));
        }
        return true;
    }

    /** A resource left: calls on offer to it move on; calls it controls are hung up. */
    public void ownerLeft(Jid owner) {
        for (CallRecord c : ctx.calls().ownedBy(owner)) {
            if (offers.resourceLeft(owner, c.callId())) continue;
            if (ctx.calls().remove(c.callId(), "hangup-command") == null) continue;
            ctx.nodes().callEnded(c.nodeDomain());
            log.info("event=owner-left call={} owner={} action=hangup", c.callId(), owner);
            ctx.commandCall(c.nodeDomain(), c.callId(), Signal.of(Signal.Type.HANGUP).toXml());
        }
    }

    /** The node reported the end itself: forget the call. */
    public void ended(CallRecord c, String reason) {
        offers.forget(c.callId());
        if (ctx.calls().remove(c.callId(), reason) == null) return;
        mixers.callGone(c);
        ctx.nodes().callEnded(c.nodeDomain());
    }
}
