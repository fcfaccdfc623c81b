package com.rayo.gateway.mixers;

import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.MixerRecord;
import com.rayo.gateway.routing.RoutingContext;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.JoinTarget;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Speaking;
import com.rayo.protocol.rayo.XmppUri;
import com.rayo.protocol.xml.XmlElement;

/**
 * What nodes say about mixers, turned into what applications see: presence and events from a
 * mixer's JID (its participants, who speaks, its verbs' events) go out from {@code NAME@external}
 * to the resources of the participants' owners; a call's unjoined from a mixer on another node
 * drops its leg there; and when a mixer's node is lost every participant's owner hears
 * {@code unjoined} with the reason at once.
 */
public final class MixerEvents {
    private static final Logger log = LoggerFactory.getLogger(MixerEvents.class);

    private final RoutingContext ctx;
    private final Function<CallRecord, List<Jid>> recipients;
    private final MixerCommands commands;

    public MixerEvents(RoutingContext ctx, Function<CallRecord, List<Jid>> recipients, MixerCommands commands) {
        this.ctx = ctx;
        this.recipients = recipients;
        this.commands = commands;
    }

    /** A stanza from {@code ID@node}: false when no mixer of that node has that id. */
    public boolean fromMixer(Stanza s, Jid from) {
        MixerRecord m = ctx.mixers().find(from.local());
        if (m == null || !m.nodeDomain().equals(from.domain())) return false;
        if (s.isError()) return true;
        Jid as = new Jid(m.name(), ctx.domains().external(), from.resource());
        if ("unavailable".equals(s.type())) {
            ctx.mixers().remove(m.id());
            log.debug("event=mixer-destroyed mixer={} application={}", m.name(), m.application());
            send(s, as, audience(m));
            return true;
        }
        XmlElement payload = s.payload();
        if (from.resource() != null) {
            MixerRecord.Component c = m.component(from.resource());
            if (payload != null && payload.is(Complete.ELEMENT, RayoNamespaces.EXT)) m.componentCompleted(from.resource());
            send(s, as, c == null ? audience(m) : java.util.Set.of(c.requester()));
            return true;
        }
        // Computed before the event changes the participants: a call that leaves hears of its own leaving.
        java.util.Set<Jid> audience = audience(m);
        if (payload != null) participantEvent(m, payload);
        send(s, as, audience);
        return true;
    }

    /**
     * Who hears of a mixer: the resources it was announced to and the owners of its participants now
     * (after a takeover the new holder knows the participants from the store, not who was told).
     */
    private java.util.Set<Jid> audience(MixerRecord m) {
        java.util.Set<Jid> to = new java.util.HashSet<>(m.subscribers());
        for (String callId : m.participants().keySet()) {
            CallRecord c = ctx.calls().find(callId);
            if (c != null) to.addAll(recipients.apply(c));
        }
        return to;
    }

    private void participantEvent(MixerRecord m, XmlElement payload) {
        if (!RayoNamespaces.CORE.equals(payload.namespace())) return;
        Jid call = XmppUri.toJid(payload.attr("call-uri"));
        if (call == null || call.local() == null) return;
        switch (payload.name()) {
            case "joined" -> {
                ctx.mixers().joined(m, call.local());
                CallRecord c = ctx.calls().find(call.local());
                if (c != null) for (Jid r : recipients.apply(c)) m.subscribe(r);
            }
            case "unjoined" -> ctx.mixers().left(m, call.local());
            case Speaking.STARTED -> ctx.mixers().speaking(m, call.local(), true);
            case Speaking.STOPPED -> ctx.mixers().speaking(m, call.local(), false);
            default -> { }
        }
    }

    private void send(Stanza s, Jid from, java.util.Set<Jid> to) {
        Stanza out = ctx.payloadsForApplications(s);
        for (Jid r : to) ctx.outbox().toApplications(out.withAddress(from, r));
    }

    /**
     * A call's {@code joined}/{@code unjoined} naming a mixer, before it goes to the owner: false when
     * the mixer is gone (its end was told already). An unjoined from a mixer on another node drops the
     * call's leg there.
     */
    public boolean callEvent(CallRecord call, JoinTarget event) {
        MixerRecord m = ctx.mixers().find(event.mixerName());
        if (m == null) return false;
        if (event.type() == JoinTarget.Type.UNJOINED && !m.nodeDomain().equals(call.nodeDomain())) {
            commands.removeLeg(m, MixerCommands.nodeCallUri(call));
        }
        return true;
    }

    /** The call was answered: the mixer its dial asked to join, if any, is joined now. */
    public void answered(CallRecord call) { commands.answered(call); }

    /** A call ended or its node was lost: a leg it had at a mixer elsewhere goes. */
    public void callGone(CallRecord call) {
        commands.forget(call.callId());
        MixerRecord m = ctx.mixers().find(ctx.mixers().mixerOf(call.callId()));
        if (m == null) return;
        if (!m.nodeDomain().equals(call.nodeDomain())) commands.removeLeg(m, MixerCommands.nodeCallUri(call));
    }

    /**
     * The node that mixed is lost: each participant's owner hears {@code unjoined} with the reason,
     * participants on other nodes are cut from their trunks, and the mixer is gone.
     */
    public void nodeLost(String nodeDomain, String reason) {
        for (MixerRecord m : ctx.mixers().onNode(nodeDomain)) {
            String why = "the mixer's node was lost: " + ctx.hideNodes(reason);
            for (String callId : m.participants().keySet()) {
                CallRecord c = ctx.calls().find(callId);
                if (c == null) continue;
                commands.tellUnjoined(c, m.name(), why);
                if (!c.nodeDomain().equals(nodeDomain)) ctx.commandCall(c.nodeDomain(), callId, new JoinTarget(JoinTarget.Type.UNJOIN, null, m.id()).toXml());
            }
            java.util.Set<Jid> audience = audience(m);
            ctx.mixers().remove(m.id());
            Jid as = new Jid(m.name(), ctx.domains().external(), null);
            for (Jid r : audience) ctx.outbox().toApplications(Stanza.presence(as, r, "unavailable", List.of()));
            log.warn("event=mixer-lost mixer={} application={} node={} participants={}", m.name(), m.application(), nodeDomain, m.participants().size());
        }
    }
}
