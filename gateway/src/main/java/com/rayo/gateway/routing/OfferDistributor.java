package com.rayo.gateway.routing;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.Offer;
import com.rayo.protocol.rayo.PayloadJids;
import com.rayo.protocol.rayo.Reject;

/**
 * Inbound calls: the application owning the called address gets the offer on one of its
 * available resources (round robin). No owner or no resource: the node is told to
 * reject the call at once, so the caller is never left ringing.
 */
public final class OfferDistributor {
    private static final Logger log = LoggerFactory.getLogger(OfferDistributor.class);
    private final RoutingContext ctx;

    public OfferDistributor(RoutingContext ctx) {
        this.ctx = ctx;
    }

    public void offer(Stanza presence, String callId, RayoNode node, Offer offer) {
        ctx.stats().offers.incrementAndGet();
        Application app = ctx.applications().ownerOf(offer.to());
        if (app == null) {
            refuse(node, callId, Reject.Reason.DECLINE, "no application owns " + offer.to());
            return;
        }
        Jid target = ctx.applications().nextOfferTarget(app.jid());
        if (target == null) {
            refuse(node, callId, Reject.Reason.BUSY, "application " + app.jid() + " has no available resource");
            return;
        }
        ctx.calls().add(new CallRecord(callId, node.domain(), app.jid(), target, CallRecord.Direction.INBOUND, System.currentTimeMillis()));
        node.callStarted();
        ctx.outbox().toApplications(new Stanza(PayloadJids.rewrite(presence.element(), ctx.toExternal()))
                .withAddress(ctx.domains().externalCall(callId, null), target));
    }

    private void refuse(RayoNode node, String callId, Reject.Reason reason, String why) {
        ctx.stats().offersRefused.incrementAndGet();
        log.info("event=offer-refused call={} node={} reason={} why=\"{}\"", callId, node.domain(), reason, why);
        ctx.commandCall(node.domain(), callId, new Reject(reason, List.of()).toXml());
    }
}
