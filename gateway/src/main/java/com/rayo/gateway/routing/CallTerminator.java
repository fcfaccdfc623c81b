package com.rayo.gateway.routing;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/**
 * Ends calls the gateway can no longer route: a lost node's calls end for their owners,
 * a departed owner's calls are hung up on their node. Nothing is left hanging.
 */
public final class CallTerminator {
    private static final Logger log = LoggerFactory.getLogger(CallTerminator.class);
    private final RoutingContext ctx;

    public CallTerminator(RoutingContext ctx) {
        this.ctx = ctx;
    }

    public void nodeLost(String nodeDomain, String reason) {
        ctx.nodes().remove(nodeDomain);
        List<CallRecord> calls = ctx.calls().onNode(nodeDomain);
        log.warn("event=node-lost node={} reason=\"{}\" calls={}", nodeDomain, reason, calls.size());
        for (CallRecord c : calls) {
            if (ctx.calls().remove(c.callId(), "error") == null) continue;
            ctx.stats().callsEndedByNodeLoss.incrementAndGet();
            ctx.outbox().toApplications(Stanza.presence(ctx.domains().externalCall(c.callId(), null), c.owner(), null,
                    List.of(End.error("node lost: " + reason).toXml())));
        }
        ctx.pending().nodeLost(nodeDomain);
    }

    public void ownerLeft(Jid owner) {
        for (CallRecord c : ctx.calls().ownedBy(owner)) {
            if (ctx.calls().remove(c.callId(), "hangup-command") == null) continue;
            RayoNode n = ctx.nodes().find(c.nodeDomain());
            if (n != null) n.callEnded();
            log.info("event=owner-left call={} owner={} action=hangup", c.callId(), owner);
            ctx.commandCall(c.nodeDomain(), c.callId(), Signal.of(Signal.Type.HANGUP).toXml());
        }
    }

    /** The node reported the end itself: forget the call. */
    public void ended(CallRecord c, String reason) {
        if (ctx.calls().remove(c.callId(), reason) == null) return;
        RayoNode n = ctx.nodes().find(c.nodeDomain());
        if (n != null) n.callEnded();
    }
}
