package com.rayo.gateway.routing;

import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.gateway.health.NodeProber;
import com.rayo.gateway.health.NodeState;
import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.gateway.selection.NodeSelector;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.PayloadJids;
import com.rayo.protocol.rayo.Ref;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.RayoParseException;
import com.rayo.protocol.rayo.Signal;
import com.rayo.protocol.xml.XmlElement;

/**
 * Places an application's dial on a node: walks the selector's plan, retrying on the
 * next node when one errors, times out or disappears; the application gets exactly one
 * ref or one error, and a node answering too late has its call hung up.
 */
public final class DialHandler {
    private static final Logger log = LoggerFactory.getLogger(DialHandler.class);
    /** Errors that say the dial itself is wrong: trying another node would not help. */
    private static final Set<StanzaError> FINAL_ERRORS = Set.of(StanzaError.BAD_REQUEST, StanzaError.FORBIDDEN,
            StanzaError.NOT_ALLOWED, StanzaError.NOT_ACCEPTABLE, StanzaError.FEATURE_NOT_IMPLEMENTED);

    private final RoutingContext ctx;
    private final NodeSelector selector;
    private final NodeProber.Listener health;

    /** @param health told of node state changes that dial results cause (blacklisting) */
    public DialHandler(RoutingContext ctx, NodeSelector selector, NodeProber.Listener health) {
        this.ctx = ctx;
        this.selector = selector;
        this.health = health;
    }

    /**
     * @param requiredNode the node that must take the call (the node of the call a nested join names), or null for any
     * @param onCall told of the call once a node took it (before the application's ref), or null
     */
    public void dial(Stanza request, Application app, String requiredNode, java.util.function.Consumer<CallRecord> onCall) {
        ctx.stats().dials.incrementAndGet();
        if (ctx.admission().quiesced()) {
            ctx.stats().dialFailures.incrementAndGet();
            ctx.refuseApplication(request, StanzaError.SERVICE_UNAVAILABLE, "the gateway is quiesced: it takes no new calls");
            return;
        }
        if (!ctx.admission().dialRate().tryAcquire(app.name())) {
            ctx.stats().dialFailures.incrementAndGet();
            ctx.refuseApplication(request, StanzaError.RESOURCE_CONSTRAINT, "application " + app.name() + " is over its dial rate limit of "
                    + ctx.admission().dialRate().limitOf(app.name()).perSecond() + " per second");
            return;
        }
        if (ctx.store().behind()) {
            ctx.stats().dialFailures.incrementAndGet();
            ctx.refuseApplication(request, StanzaError.RESOURCE_CONSTRAINT, "the cluster state store is far behind or out of reach: retry shortly");
            return;
        }
        List<RayoNode> plan = selector.plan(app.platform(), ctx.nodes().all());
        if (requiredNode != null) {
            plan = plan.stream().filter(n -> n.domain().equals(requiredNode)).toList();
            if (plan.isEmpty()) {
                ctx.stats().dialFailures.incrementAndGet();
                ctx.refuseApplication(request, StanzaError.SERVICE_UNAVAILABLE, "the Rayo node of the call to join takes no new calls now");
                return;
            }
        }
        if (plan.isEmpty()) {
            ctx.stats().dialFailures.incrementAndGet();
            ctx.refuseApplication(request, StanzaError.SERVICE_UNAVAILABLE, "no Rayo node available on platform " + app.platform());
            return;
        }
        new Attempt(request, app, plan, onCall).next();
    }

    private final class Attempt {
        private final Stanza request;
        private final Application app;
        private final List<RayoNode> plan;
        private final java.util.function.Consumer<CallRecord> onCall;
        private final long started = System.nanoTime();
        private int index;
        private StanzaError lastError = StanzaError.SERVICE_UNAVAILABLE;
        private String lastText;

        Attempt(Stanza request, Application app, List<RayoNode> plan, java.util.function.Consumer<CallRecord> onCall) {
            this.request = request;
            this.app = app;
            this.plan = plan;
            this.onCall = onCall;
        }

        synchronized void next() {
            if (index >= plan.size() || index > ctx.dialMaxRetries().get()) {
                ctx.stats().dialFailures.incrementAndGet();
                ctx.refuseApplication(request, lastError, lastText == null ? "dial failed on " + index + " node(s)" : lastText);
                return;
            }
            if (index > 0) ctx.stats().dialRetries.incrementAndGet();
            RayoNode node = plan.get(index++);
            String id = ctx.pending().newId();
            XmlElement payload = PayloadJids.rewrite(request.payload(), ctx.toInternal());
            ctx.pending().await(id, node.domain(), ctx.dialTimeout(), new PendingRequests.Waiter() {
                @Override public void onResponse(Stanza response) { answered(node, response); }
                @Override public void onFailure(PendingRequests.Failure failure) { failed(node, id, failure); }
            });
            ctx.outbox().toNodes(Stanza.iq("set", ctx.domains().internalJid(), Jid.domain(node.domain()), id, payload));
        }

        private synchronized void answered(RayoNode node, Stanza response) {
            if (response.isType("result")) {
                Jid callJid = refJid(response, node);
                if (callJid != null) {
                    CallRecord call = new CallRecord(callJid.local(), node.domain(), app.jid(), request.from(),
                            CallRecord.Direction.OUTBOUND, System.currentTimeMillis());
                    java.util.concurrent.CompletionStage<Void> stored = ctx.calls().add(call);
                    if (onCall != null) onCall.accept(call);
                    node.callStarted();
                    node.health().dialSucceeded();
                    ctx.store().whenStored(call.callId(), stored, () -> {
                        ctx.stats().dialAnswered(System.nanoTime() - started);
                        ctx.outbox().toApplications(request.resultReply(Ref.of(ctx.domains().externalCall(call.callId(), null)).toXml()));
                    }, reason -> {
                        log.warn("event=dial-not-stored call={} node={} action=hangup", call.callId(), node.domain());
                        ctx.commandCall(node.domain(), call.callId(), Signal.of(Signal.Type.HANGUP).toXml());
                        ctx.calls().remove(call.callId(), "not-stored");
                        node.callEnded();
                        ctx.stats().dialFailures.incrementAndGet();
                        ctx.refuseApplication(request, StanzaError.SERVICE_UNAVAILABLE, reason);
                    });
                    return;
                }
                lastError = StanzaError.INTERNAL_SERVER_ERROR;
                lastText = "a Rayo node answered the dial without a valid ref";
            } else {
                StanzaError e = response.errorCondition();
                lastError = e == null ? StanzaError.INTERNAL_SERVER_ERROR : e;
                lastText = response.errorText();
                if (FINAL_ERRORS.contains(lastError)) {
                    ctx.stats().dialFailures.incrementAndGet();
                    ctx.stats().error(lastError);
                    ctx.outbox().toApplications(Replies.copyError(request, response, ctx::hideNodes));
                    return;
                }
            }
            log.info("event=dial-retry node={} reason={}", node.domain(), lastError.condition());
            if (NodePinger.isBounce(response)) nodeUnreachable(node);
            else dialFailed(node);
            next();
        }

        private synchronized void failed(RayoNode node, String id, PendingRequests.Failure failure) {
            if (failure == PendingRequests.Failure.HANDED_OVER) {
                // Not the node's fault, and no other node to try: this gateway routes no more.
                ctx.stats().dialFailures.incrementAndGet();
                ctx.refuseApplication(request, StanzaError.SERVICE_UNAVAILABLE, PendingRequests.HANDED_OVER_TEXT);
                return;
            }
            lastError = StanzaError.REMOTE_SERVER_TIMEOUT;
            lastText = failure == PendingRequests.Failure.TIMEOUT
                    ? "no Rayo node answered the dial in " + ctx.dialTimeout().toMillis() + " ms (" + index + " tried)"
                    : "the Rayo node was lost during the dial (" + index + " tried)";
            log.info("event=dial-retry node={} reason={}", node.domain(), failure);
            if (failure == PendingRequests.Failure.TIMEOUT) watchForLateAnswer(node, id);
            dialFailed(node);
            next();
        }

        /** A node that answers after we gave up must not keep a call nobody controls. */
        private void watchForLateAnswer(RayoNode node, String id) {
            ctx.pending().await(id, node.domain(), ctx.lateAnswerGrace(), new PendingRequests.Waiter() {
                @Override public void onResponse(Stanza late) {
                    Jid callJid = late.isType("result") ? refJid(late, node) : null;
                    if (callJid == null) return;
                    ctx.stats().lateAnswersHungUp.incrementAndGet();
                    log.info("event=late-dial-answer node={} call={} action=hangup", node.domain(), callJid.local());
                    ctx.commandCall(node.domain(), callJid.local(), Signal.of(Signal.Type.HANGUP).toXml());
                }
                @Override public void onFailure(PendingRequests.Failure failure) { }
            });
        }
    }

    private void dialFailed(RayoNode node) {
        NodeState before = node.health().dialFailed();
        if (node.health().state() != before) health.accept(node, before);
    }

    /** The server bounced the dial: the node is not connected, no need to wait for a probe. */
    private void nodeUnreachable(RayoNode node) {
        NodeState before = node.health().unreachable();
        if (node.health().state() != before) health.accept(node, before);
    }

    /** The call JID of a node's ref, when it is one of that node's calls. */
    private static Jid refJid(Stanza response, RayoNode node) {
        XmlElement p = response.payload();
        if (p == null || !p.is(Ref.ELEMENT, RayoNamespaces.CORE)) return null;
        try {
            Jid j = Ref.PROVIDER.parse(p).jid();
            return j.local() != null && j.domain().equals(node.domain()) ? j : null;
        } catch (RayoParseException e) {
            return null;
        }
    }
}
