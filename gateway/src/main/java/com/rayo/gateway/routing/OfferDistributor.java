package com.rayo.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Header;
import com.rayo.protocol.rayo.Offer;
import com.rayo.protocol.rayo.Reject;
import com.rayo.protocol.xml.XmlElement;

/**
 * Inbound calls: the application owning the called address gets the offer on its
 * resources by its {@link OfferPolicies policy}. A call stays "on offer" until one
 * offered resource acts on it (any command); that resource then controls it and the
 * others get an end. An offer nobody acts on within the timeout moves to the next
 * resource; when none is left, or there is no owner, no resource, or the gateway is
 * quiesced, the node is told to reject the call so the caller is never left ringing.
 */
public final class OfferDistributor {
    private static final Logger log = LoggerFactory.getLogger(OfferDistributor.class);
    /** Tells a resource that lost an offer why its call ended without it. */
    static final String REASON_HEADER = "X-Rayo-Offer";

    private final RoutingContext ctx;
    private volatile OfferPolicies policies;
    private final Map<String, OnOffer> onOffer = new ConcurrentHashMap<>();
    private final Map<Jid, AtomicInteger> rotation = new ConcurrentHashMap<>();

    /** A call not yet controlled by anyone: who has it, who is next. */
    private final class OnOffer {
        final String callId;
        final RayoNode node;
        final Stanza offer;
        final OfferPolicies.Policy policy;
        final List<Jid> waiting;
        List<Jid> offeredTo = List.of();
        ScheduledFuture<?> timer;

        OnOffer(String callId, RayoNode node, Stanza offer, OfferPolicies.Policy policy, List<Jid> candidates) {
            this.callId = callId;
            this.node = node;
            this.offer = offer;
            this.policy = policy;
            this.waiting = new ArrayList<>(candidates);
        }
    }

    /** New offer policies (a configuration reload), for offers from now on. */
    public void update(OfferPolicies newPolicies) { policies = newPolicies; }

    public OfferDistributor(RoutingContext ctx, OfferPolicies policies) {
        this.ctx = ctx;
        this.policies = policies;
    }

    public void offer(Stanza presence, String callId, RayoNode node, Offer offer) {
        ctx.stats().offers.incrementAndGet();
        if (ctx.admission().quiesced()) {
            refuse(node, callId, Reject.Reason.BUSY, "the gateway is quiesced");
            return;
        }
        Application app = ctx.applications().ownerOf(offer.to());
        if (app == null) {
            refuse(node, callId, Reject.Reason.DECLINE, "no application owns " + offer.to());
            return;
        }
        if (ctx.admission().bans().isBanned(app.jid())) {
            refuse(node, callId, Reject.Reason.DECLINE, "application " + app.jid() + " is banned");
            return;
        }
        OfferPolicies.Policy policy = policies.of(app.name());
        List<Jid> candidates = candidates(app.jid(), policy.mode());
        if (candidates.isEmpty()) {
            refuse(node, callId, Reject.Reason.BUSY, "application " + app.jid() + " has no available resource");
            return;
        }
        OnOffer o = new OnOffer(callId, node, ctx.payloadsForApplications(presence), policy, candidates);
        synchronized (o) {
            onOffer.put(callId, o);
            ctx.calls().add(new CallRecord(callId, node.domain(), app.jid(), candidates.get(0), CallRecord.Direction.INBOUND, System.currentTimeMillis()));
            node.callStarted();
            offerToNext(o);
        }
    }

    /** The offer order for one call: every resource for ALL, else starting at the first or at the rotation point. */
    private List<Jid> candidates(Jid app, OfferPolicies.Mode mode) {
        List<Jid> targets = ctx.applications().offerTargets(app);
        if (targets.isEmpty() || mode != OfferPolicies.Mode.ROUND_ROBIN) return targets;
        int start = Math.floorMod(rotation.computeIfAbsent(app, k -> new AtomicInteger()).getAndIncrement(), targets.size());
        List<Jid> out = new ArrayList<>(targets.subList(start, targets.size()));
        out.addAll(targets.subList(0, start));
        return out;
    }

    /** Sends the offer to the next resource(s) still connected; false when none is left. Holds o's lock. */
    private boolean offerToNext(OnOffer o) {
        List<Jid> next = new ArrayList<>();
        while (!o.waiting.isEmpty() && (next.isEmpty() || o.policy.mode() == OfferPolicies.Mode.ALL)) {
            Jid j = o.waiting.remove(0);
            if (ctx.applications().isConnected(j)) next.add(j);
        }
        if (next.isEmpty()) return false;
        o.offeredTo = List.copyOf(next);
        CallRecord call = ctx.calls().find(o.callId);
        if (call != null && !call.owner().equals(next.get(0))) ctx.calls().add(call.withOwner(next.get(0)));
        for (Jid to : next) ctx.outbox().toApplications(o.offer.withAddress(ctx.domains().externalCall(o.callId, null), to));
        o.timer = ctx.scheduler().schedule(() -> timedOut(o), o.policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    private void timedOut(OnOffer o) {
        synchronized (o) {
            if (onOffer.get(o.callId) != o) return;
            log.info("event=offer-timeout call={} resources={}", o.callId, o.offeredTo);
            endFor(o, o.offeredTo, End.Reason.TIMEOUT, "timeout");
            if (offerToNext(o)) return;
            onOffer.remove(o.callId);
            CallRecord call = ctx.calls().remove(o.callId, "offer-timeout");
            if (call != null) o.node.callEnded();
            refuse(o.node, o.callId, Reject.Reason.DECLINE, "no resource acted on the offer");
        }
    }

    /**
     * Whether {@code from} may command the call. The owner may; while the call is on offer,
     * any resource it is offered to may, and by doing so takes control of it.
     */
    public boolean mayControl(CallRecord call, Jid from) {
        OnOffer o = onOffer.get(call.callId());
        if (o == null) return call.owner().equals(from);
        synchronized (o) {
            if (onOffer.get(call.callId()) != o) { // claimed or ended meanwhile
                CallRecord now = ctx.calls().find(call.callId());
                return now != null && now.owner().equals(from);
            }
            if (!o.offeredTo.contains(from)) return false;
            onOffer.remove(call.callId());
            o.timer.cancel(false);
            CallRecord current = ctx.calls().find(call.callId());
            if (current != null && !current.owner().equals(from)) ctx.calls().add(current.withOwner(from));
            List<Jid> losers = new ArrayList<>(o.offeredTo);
            losers.remove(from);
            endFor(o, losers, End.Reason.HUNGUP, "taken-by-" + from.resource());
            return true;
        }
    }

    /** Who gets the call's events: its owner, or every resource it is on offer to. */
    public List<Jid> recipients(CallRecord call) {
        OnOffer o = onOffer.get(call.callId());
        if (o == null) return List.of(call.owner());
        synchronized (o) {
            return o.offeredTo;
        }
    }

    /** The call ended (or its node was lost) while on offer: nothing more to offer. */
    public void forget(String callId) {
        OnOffer o = onOffer.remove(callId);
        if (o != null && o.timer != null) o.timer.cancel(false);
    }

    /** An offered resource went away: the offer moves on at once instead of at its timeout. */
    public boolean resourceLeft(Jid resource, String callId) {
        OnOffer o = onOffer.get(callId);
        if (o == null) return false;
        synchronized (o) {
            if (!o.offeredTo.contains(resource)) return false;
            if (o.offeredTo.size() > 1) {
                List<Jid> rest = new ArrayList<>(o.offeredTo);
                rest.remove(resource);
                o.offeredTo = List.copyOf(rest);
                return true;
            }
            o.timer.cancel(false);
        }
        ctx.scheduler().execute(() -> timedOut(o));
        return true;
    }

    private void endFor(OnOffer o, List<Jid> resources, End.Reason reason, String why) {
        XmlElement end = new End(reason, null, List.of(new Header(REASON_HEADER, why))).toXml();
        for (Jid j : resources) ctx.outbox().toApplications(Stanza.presence(ctx.domains().externalCall(o.callId, null), j, null, List.of(end)));
    }

    private void refuse(RayoNode node, String callId, Reject.Reason reason, String why) {
        ctx.stats().offersRefused.incrementAndGet();
        log.info("event=offer-refused call={} node={} reason={} why=\"{}\"", callId, node.domain(), reason, why);
        ctx.commandCall(node.domain(), callId, new Reject(reason, List.of()).toXml());
    }
}
