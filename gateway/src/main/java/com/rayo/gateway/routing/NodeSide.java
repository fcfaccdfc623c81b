package com.rayo.gateway.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.component.ComponentHandler;
import com.rayo.gateway.health.NodeProber;
import com.rayo.gateway.mixers.MixerEvents;
import com.rayo.gateway.health.NodeState;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.JoinTarget;
import com.rayo.protocol.rayo.RayoProviders;
import com.rayo.protocol.rayo.NodeInfo;
import com.rayo.protocol.rayo.Offer;
import com.rayo.protocol.rayo.Reject;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.RayoParseException;
import com.rayo.protocol.xml.XmlElement;

/**
 * Stanzas arriving on the internal domain, from nodes: their presence (registration,
 * drain, departure), call events (rewritten and sent to the owner only), offers, and
 * answers to what the gateway asked. Anyone but a node is refused.
 */
public final class NodeSide implements ComponentHandler {
    private static final Logger log = LoggerFactory.getLogger(NodeSide.class);

    private final RoutingContext ctx;
    private final OfferDistributor offers;
    private final CallTerminator terminator;
    private final NodeProber.Listener health;
    private final MixerEvents mixers;

    public NodeSide(RoutingContext ctx, OfferDistributor offers, CallTerminator terminator, NodeProber.Listener health, MixerEvents mixers) {
        this.ctx = ctx;
        this.mixers = mixers;
        this.offers = offers;
        this.terminator = terminator;
        this.health = health;
    }

    @Override public void onConnected() {
        // After a reconnect the nodes' presence may be stale or lost: ask again.
        for (RayoNode n : ctx.nodes().all()) {
            ctx.outbox().toNodes(Stanza.presence(ctx.domains().internalJid(), Jid.domain(n.domain()), "probe", java.util.List.of()));
        }
    }

    @Override public void onStanza(Stanza s) {
        ctx.stats().messages.incrementAndGet();
        String bad = s.addressProblem();
        if (bad != null) {
            ctx.refuseNode(s, StanzaError.BAD_REQUEST, bad);
            return;
        }
        Jid from = s.from();
        if (from == null) return;
        if (!ctx.nodes().mayRegister(from.domain())) {
            ctx.refuseNode(s, StanzaError.FORBIDDEN, from.domain() + " is not allowed to act as a Rayo node");
            return;
        }
        if (s.isResponse()) {
            if (!ctx.pending().complete(s)) log.debug("event=unmatched-response from={} id={}", from, s.id());
            return;
        }
        if (s.isPresence()) {
            if (from.local() == null) nodePresence(s, from.domain());
            else if (ctx.nodes().isNode(from.domain())) callEvent(s, from);
            else unregistered(s, from);
            return;
        }
        ctx.refuseNode(s, StanzaError.SERVICE_UNAVAILABLE, "the gateway's internal domain takes node presence and answers only");
    }

    private void nodePresence(Stanza s, String domain) {
        String type = s.type();
        if ("unavailable".equals(type)) {
            if (ctx.nodes().isNode(domain)) terminator.nodeLost(domain, "the Rayo node went unavailable");
            return;
        }
        if (type != null) return; // probes, subscriptions, errors
        String show = s.element().childText("show", s.element().namespace());
        RayoNode.Status status = show != null && (show.trim().equals("away") || show.trim().equals("dnd") || show.trim().equals("xa"))
                ? RayoNode.Status.DRAINING : RayoNode.Status.AVAILABLE;
        XmlElement infoXml = s.element().child(NodeInfo.ELEMENT, NodeInfo.NAMESPACE);
        if (infoXml == null) {
            if (ctx.nodes().isNode(domain)) ctx.nodes().setStatus(domain, status);
            else log.warn("event=node-presence-without-info node={}", domain);
            return;
        }
        try {
            NodeInfo info = NodeInfo.PROVIDER.parse(infoXml);
            RayoNode known = ctx.nodes().find(domain);
            if (known != null) {
                NodeState before = known.health().announced();
                if (known.health().state() != before) health.accept(known, before);
            }
            if (ctx.nodes().upsert(domain, info, status)) log.info("event=node-registered node={} platform={} weight={} priority={}", domain, info.platform(), info.weight(), info.priority());
            else log.debug("event=node-updated node={} status={}", domain, status);
        } catch (RayoParseException e) {
            log.warn("event=node-info-invalid node={} reason=\"{}\"", domain, e.getMessage());
            ctx.outbox().toNodes(s.errorReply(StanzaError.BAD_REQUEST, e.getMessage()));
        }
    }

    private static String endReason(XmlElement end) {
        for (XmlElement c : end.elements()) if (End.Reason.fromElement(c.name()) != null) return c.name();
        return "unknown";
    }

    /**
     * A call event from a node this gateway has not registered (it connected before the gateway, its
     * presence was lost): refused; an offer is also rejected at the node, so the caller gets an error at once
     * instead of ringing forever, and the node is asked to announce itself.
     */
    private void unregistered(Stanza s, Jid from) {
        ctx.refuseNode(s, StanzaError.FORBIDDEN, from.domain() + " has not registered as a node (send node-info presence first)");
        XmlElement payload = s.payload();
        if (s.isError() || payload == null || !payload.is(Offer.ELEMENT, RayoNamespaces.CORE) || from.resource() != null) return;
        log.info("event=offer-from-unregistered-node node={} call={}", from.domain(), from.local());
        ctx.commandCall(from.domain(), from.local(), new Reject(Reject.Reason.ERROR, java.util.List.of()).toXml());
        ctx.outbox().toNodes(Stanza.presence(ctx.domains().internalJid(), Jid.domain(from.domain()), "probe", java.util.List.of()));
    }

    private static JoinTarget joinEvent(XmlElement payload) {
        try {
            return RayoProviders.parse(payload) instanceof JoinTarget j && j.type() != JoinTarget.Type.UNJOIN ? j : null;
        } catch (RayoParseException e) {
            return null;
        }
    }

    private void callEvent(Stanza s, Jid from) {
        if (s.isError()) return;
        XmlElement payload = s.payload();
        RayoNode node = ctx.nodes().find(from.domain());
        if (payload != null && payload.is(Offer.ELEMENT, RayoNamespaces.CORE) && from.resource() == null) {
            try {
                offers.offer(s, from.local(), node, Offer.PROVIDER.parse(payload));
            } catch (RayoParseException e) {
                log.warn("event=offer-invalid node={} call={} reason=\"{}\"", from.domain(), from.local(), e.getMessage());
            }
            return;
        }
        CallRecord call = ctx.calls().find(from.local());
        if (call == null || !call.nodeDomain().equals(from.domain())) {
            if (call == null && mixers.fromMixer(s, from)) return;
            ctx.stats().eventsDropped.incrementAndGet();
            log.debug("event=event-for-unknown-call from={}", from);
            return;
        }
        if (!ctx.store().holdIfUnconfirmed(call.callId(), () -> forward(s, from, call))) forward(s, from, call);
    }

    /** An event of a known call to its owner, and what it changes here (end, answer, a verb's completion, a mixer join). */
    private void forward(Stanza s, Jid from, CallRecord call) {
        XmlElement payload = s.payload();
        if (payload != null && from.resource() == null && payload.attr("mixer-name") != null && RayoNamespaces.CORE.equals(payload.namespace())) {
            JoinTarget join = joinEvent(payload);
            if (join != null && !mixers.callEvent(call, join)) return;
        }
        // Only the owner hears of its call (every resource it is offered to while on offer).
        java.util.List<Jid> recipients = offers.recipients(call);
        Stanza out = ctx.payloadsForApplications(s);
        if (payload != null && payload.is(End.ELEMENT, RayoNamespaces.CORE) && from.resource() == null) terminator.ended(call, endReason(payload));
        if (payload != null && payload.is("answered", RayoNamespaces.CORE) && from.resource() == null) mixers.answered(call);
        if (payload != null && from.resource() != null && payload.is(Complete.ELEMENT, RayoNamespaces.EXT)) ctx.calls().componentCompleted(call.callId(), from.resource());
        Jid callJid = ctx.domains().externalCall(call.callId(), from.resource());
        for (Jid to : recipients) ctx.outbox().toApplications(out.withAddress(callJid, to));
    }
}
