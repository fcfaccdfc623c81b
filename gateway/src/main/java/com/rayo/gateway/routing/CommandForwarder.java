package com.rayo.gateway.routing;

import com.rayo.gateway.registry.CallRecord;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.PayloadJids;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Record;
import com.rayo.protocol.rayo.Ref;
import com.rayo.protocol.xml.XmlElement;

/** Sends an application's command to the node holding the call and its answer back. */
public final class CommandForwarder {
    private final RoutingContext ctx;
    private final CallTerminator terminator;

    public CommandForwarder(RoutingContext ctx, CallTerminator terminator) {
        this.ctx = ctx;
        this.terminator = terminator;
    }

    public void forward(Stanza request, CallRecord call, String resource) {
        String id = ctx.pending().newId();
        XmlElement payload = stampOwner(PayloadJids.rewrite(request.payload(), ctx.toInternal()), call);
        ctx.pending().await(id, call.nodeDomain(), ctx.commandTimeout(), new PendingRequests.Waiter() {
            @Override public void onResponse(Stanza response) {
                if (response.isError()) {
                    ctx.stats().error(response.errorCondition());
                    ctx.outbox().toApplications(Replies.copyError(request, response, ctx::hideNodes));
                    if (response.errorCondition() == StanzaError.ITEM_NOT_FOUND && aboutTheCallOnly(request.payload(), resource)) terminator.unknownToNode(call);
                    return;
                }
                XmlElement p = response.payload();
                if (resource == null && p != null && p.is(Ref.ELEMENT, RayoNamespaces.CORE)) componentStarted(call, p, request.payload());
                ctx.outbox().toApplications(request.resultReply(p == null ? null : ctx.forApplications(p)));
            }

            @Override public void onFailure(PendingRequests.Failure failure) {
                ctx.refuseApplication(request, failure.condition(), failure.text("the call's node", ctx.commandTimeout()));
            }
        });
        ctx.outbox().toNodes(Stanza.iq(request.type(), ctx.domains().internalJid(),
                Domains.nodeCall(call.nodeDomain(), call.callId(), resource), id, payload));
    }

    /**
     * A record carries its owner to the node, which then serves the recording to that application only;
     * an owner an application wrote itself is dropped first.
     */
    private static XmlElement stampOwner(XmlElement payload, CallRecord call) {
        if (payload == null || !payload.is(Record.ELEMENT, RayoNamespaces.RECORD)) return payload;
        return payload.withoutElements(Record.OWNER, RayoNamespaces.CLUSTER).withChild(Record.ownerElement(call.application().bare().toString()));
    }

    /** A verb's ref: the call's component from now on, until its complete. */
    private void componentStarted(CallRecord call, XmlElement ref, XmlElement verb) {
        com.rayo.protocol.Jid jid = com.rayo.protocol.rayo.XmppUri.toJid(ref.attr("uri"));
        if (jid != null && jid.resource() != null) ctx.calls().componentStarted(call.callId(), jid.resource(), verb.name());
    }

    /**
     * Whether an item-not-found to this command can only mean the call itself: not one of its
     * components, and not the other call or mixer of a join.
     */
    private static boolean aboutTheCallOnly(XmlElement command, String resource) {
        if (resource != null || command == null) return false;
        return !(RayoNamespaces.CORE.equals(command.namespace()) && (command.name().equals("join") || command.name().equals("unjoin")));
    }
}
