package com.rayo.gateway.mixers;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.MixerRecord;
import com.rayo.gateway.registry.MixerRegistry;
import com.rayo.gateway.routing.Domains;
import com.rayo.gateway.routing.PendingRequests;
import com.rayo.gateway.routing.Replies;
import com.rayo.gateway.routing.RoutingContext;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.Input;
import com.rayo.protocol.rayo.Join;
import com.rayo.protocol.rayo.JoinTarget;
import com.rayo.protocol.rayo.MixerLeg;
import com.rayo.protocol.rayo.Output;
import com.rayo.protocol.rayo.PayloadJids;
import com.rayo.protocol.rayo.Prompt;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Record;
import com.rayo.protocol.rayo.Ref;
import com.rayo.protocol.rayo.XmppUri;
import com.rayo.protocol.xml.XmlElement;

/**
 * An application's mixer commands: {@code <join mixer-name>} and {@code <unjoin mixer-name>} on its
 * calls, and the verbs it addresses to a mixer ({@code NAME@external}). The name is the
 * application's; nodes get the gateway's internal id instead. A call joins a mixer on its own node
 * with a plain join; a call on another node reaches the mixer through a leg: the mixer's node opens
 * an RTP port for it, then the call's node connects the call to that port.
 */
public final class MixerCommands {
    private static final Pattern UUID_SHAPE = Pattern.compile("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final RoutingContext ctx;
    private final MixerPlacement placement;
    private final Function<CallRecord, List<Jid>> recipients;
    /** Dialled calls whose dial asked to join a mixer once answered. */
    private final java.util.Map<String, NestedJoin> joinOnAnswer = new java.util.concurrent.ConcurrentHashMap<>();

    private record NestedJoin(Application app, Join join) {}

    public MixerCommands(RoutingContext ctx, MixerPlacement placement, Function<CallRecord, List<Jid>> recipients) {
        this.ctx = ctx;
        this.placement = placement;
        this.recipients = recipients;
    }

    /** Whether the command is one this class routes (a join or unjoin naming a mixer). */
    public static boolean isMixerJoin(RayoElement command) {
        return command instanceof Join j && j.mixerName() != null
                || command instanceof JoinTarget u && u.type() == JoinTarget.Type.UNJOIN && u.mixerName() != null;
    }

    public void command(Stanza request, Application app, CallRecord call, RayoElement command) {
        if (command instanceof Join j) join(answering(request), app, call, j);
        else unjoin(request, app, call, (JoinTarget) command);
    }

    /** How a join ends: the application's request answered, or (a dial's nested join) the owner told if it failed. */
    private interface Outcome {
        void done();

        void refused(StanzaError error, String text);

        /** The node's error answer. */
        void failed(Stanza nodeError);
    }

    private Outcome answering(Stanza request) {
        return new Outcome() {
            @Override public void done() { ctx.outbox().toApplications(request.resultReply(null)); }
            @Override public void refused(StanzaError error, String text) { ctx.refuseApplication(request, error, text); }
            @Override public void failed(Stanza nodeError) {
                ctx.stats().error(nodeError.errorCondition());
                ctx.outbox().toApplications(Replies.copyError(request, nodeError, ctx::hideInternal));
            }
        };
    }

    /** A dial with {@code <join mixer-name>}: the call joins once answered (XEP-0327 6.2.1.1); see {@link #answered}. */
    public void joinOnAnswer(CallRecord call, Application app, Join join) {
        joinOnAnswer.put(call.callId(), new NestedJoin(app, join));
    }

    /** The call was answered: a join its dial asked for runs now; a failure reaches the owner as {@code unjoined} with the reason. */
    public void answered(CallRecord call) {
        NestedJoin nested = joinOnAnswer.remove(call.callId());
        if (nested == null) return;
        join(new Outcome() {
            @Override public void done() { }
            @Override public void refused(StanzaError error, String text) { tell(error.condition() + ": " + text); }
            @Override public void failed(Stanza nodeError) {
                StanzaError e = nodeError.errorCondition();
                tell((e == null ? "error" : e.condition()) + ": " + ctx.hideInternal(nodeError.errorText()));
            }

            private void tell(String why) {
                tellUnjoined(call, MixerRegistry.canonical(nested.join.mixerName()), "the dial's join failed: " + why);
            }
        }, nested.app, call, nested.join);
    }

    /** The call's owner hears, from the call, that it is out of the mixer and why (the gateway's own word, not the node's). */
    void tellUnjoined(CallRecord call, String mixerName, String why) {
        XmlElement unjoined = new JoinTarget(JoinTarget.Type.UNJOINED, null, mixerName, why).toXml();
        for (Jid r : recipients.apply(call)) {
            ctx.outbox().toApplications(Stanza.presence(ctx.domains().externalCall(call.callId(), null), r, null, List.of(unjoined)));
        }
    }

    /** The call's JID at its node, as a URI (what the mixer's node names a leg by). */
    static String nodeCallUri(CallRecord call) { return XmppUri.of(Domains.nodeCall(call.nodeDomain(), call.callId(), null)); }

    /** A call that ended before it was answered joins nothing. */
    public void forget(String callId) { joinOnAnswer.remove(callId); }

    /** Why a mixer name is refused before anything is sent (the protocol checked it is a JID local part); null when fine. */
    public static String nameProblem(String name) {
        return UUID_SHAPE.matcher(name).matches() ? "mixer-name '" + name + "' has the shape of a call id; choose another name" : null;
    }

    private void join(Outcome outcome, Application app, CallRecord call, Join join) {
        String name = join.mixerName();
        String bad = nameProblem(name);
        if (bad != null) {
            outcome.refused(StanzaError.BAD_REQUEST, bad);
            return;
        }
        String current = ctx.mixers().mixerOf(call.callId());
        if (current != null) {
            MixerRecord in = ctx.mixers().find(current);
            outcome.refused(StanzaError.CONFLICT, "call " + call.callId() + " is already joined to mixer " + (in == null ? name : in.name()) + "; unjoin it first");
            return;
        }
        MixerRecord m = ctx.mixers().find(app.jid(), name);
        if (m == null) {
            String node = placement.choose(app, call);
            if (node == null) {
                outcome.refused(StanzaError.SERVICE_UNAVAILABLE, "no Rayo node of platform " + app.platform() + " can host mixer " + name + " now");
                return;
            }
            m = ctx.mixers().place(app.jid(), name, node, System.currentTimeMillis());
        }
        if (!ctx.mixers().reserve(call.callId(), m, join.direction())) {
            outcome.refused(StanzaError.CONFLICT, "call " + call.callId() + " is already joining a mixer");
            return;
        }
        for (Jid r : recipients.apply(call)) m.subscribe(r);
        MixerRecord mixer = m;
        if (call.nodeDomain().equals(m.nodeDomain())) {
            XmlElement local = new Join(join.direction(), join.media(), null, m.id()).toXml();
            ctx.askNode("set", Domains.nodeCall(call.nodeDomain(), call.callId(), null), local, step(outcome, () -> ctx.mixers().release(call.callId(), mixer), null));
            return;
        }
        // The call is elsewhere: a leg at the mixer, then the call connected to it.
        String callUri = nodeCallUri(call);
        ctx.askNode("set", mixerJid(m, null), MixerLeg.open(callUri, join.direction()).toXml(), step(outcome, () -> ctx.mixers().release(call.callId(), mixer), leg -> {
            MixerLeg at = leg == null ? null : parseLeg(leg);
            if (at == null || at.host() == null) {
                outcome.refused(StanzaError.INTERNAL_SERVER_ERROR, "the mixer's node gave no leg for the call");
                removeLeg(mixer, callUri);
                ctx.mixers().release(call.callId(), mixer);
                return;
            }
            XmlElement connect = MixerLeg.connect(mixer.id(), join.direction(), at.host(), at.port()).toXml();
            ctx.askNode("set", Domains.nodeCall(call.nodeDomain(), call.callId(), null), connect, step(outcome, () -> {
                removeLeg(mixer, callUri);
                ctx.mixers().release(call.callId(), mixer);
            }, null));
        }));
    }

    private void unjoin(Stanza request, Application app, CallRecord call, JoinTarget unjoin) {
        MixerRecord m = ctx.mixers().find(app.jid(), unjoin.mixerName());
        if (m == null || !m.id().equals(ctx.mixers().mixerOf(call.callId()))) {
            ctx.refuseApplication(request, StanzaError.ITEM_NOT_FOUND, "call " + call.callId() + " is not joined to mixer " + unjoin.mixerName());
            return;
        }
        // The leg at a mixer on another node goes when the call's node reports the call unjoined (MixerEvents).
        XmlElement command = new JoinTarget(JoinTarget.Type.UNJOIN, null, m.id()).toXml();
        ctx.askNode("set", Domains.nodeCall(call.nodeDomain(), call.callId(), null), command, step(answering(request), () -> { }, null));
    }

    /** A verb (output, record) or component command addressed to the application's mixer. */
    public void toMixer(Stanza request, MixerRecord m, String resource, RayoElement command) {
        boolean verb = command instanceof Output || command instanceof Record || command instanceof Input || command instanceof Prompt;
        if (resource == null ? !verb : !(command instanceof ComponentCommand)) {
            ctx.refuseApplication(request, StanzaError.BAD_REQUEST, "<" + request.payload().name() + "> is not a " + (resource == null ? "mixer command (output, record)" : "component command"));
            return;
        }
        XmlElement payload = PayloadJids.rewrite(request.payload(), ctx.toInternal());
        if (command instanceof Record) {
            payload = payload.withoutElements(Record.OWNER, RayoNamespaces.CLUSTER).withChild(Record.ownerElement(m.application().toString()));
        }
        String verbName = request.payload().name();
        ctx.askNode(request.type(), mixerJid(m, resource), payload, step(answering(request), () -> { }, p -> {
            if (resource == null && p != null && p.is(Ref.ELEMENT, RayoNamespaces.CORE)) {
                Jid ref = XmppUri.toJid(p.attr("uri"));
                if (ref != null && ref.resource() != null) m.componentStarted(ref.resource(), verbName, request.from());
            }
            ctx.outbox().toApplications(request.resultReply(p == null ? null : ctx.forApplications(p)));
        }));
    }

    private Jid mixerJid(MixerRecord m, String resource) { return new Jid(m.id(), m.nodeDomain(), resource); }

    /** Tells the mixer's node to drop a leg (nobody waits for the answer). */
    void removeLeg(MixerRecord m, String callUri) {
        ctx.commandCall(m.nodeDomain(), m.id(), new JoinTarget(JoinTarget.Type.UNJOIN, callUri, null).toXml());
    }

    private static MixerLeg parseLeg(XmlElement e) {
        try {
            return e.is(MixerLeg.ELEMENT, RayoNamespaces.CLUSTER) ? MixerLeg.PROVIDER.parse(e) : null;
        } catch (RuntimeException ex) {
            return null;
        }
    }

    /**
     * The node's answer to one step: an error or no answer ends the outcome (after {@code undo}); a
     * result goes to {@code next}, or, without one, completes it.
     */
    private PendingRequests.Waiter step(Outcome outcome, Runnable undo, java.util.function.Consumer<XmlElement> next) {
        return new PendingRequests.Waiter() {
            @Override public void onResponse(Stanza response) {
                if (response.isError()) {
                    undo.run();
                    outcome.failed(response);
                } else if (next != null) {
                    next.accept(response.payload());
                } else {
                    outcome.done();
                }
            }

            @Override public void onFailure(PendingRequests.Failure failure) {
                undo.run();
                outcome.refused(failure.condition(), failure.text("the node", ctx.commandTimeout()));
            }
        };
    }
}
