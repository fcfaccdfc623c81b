package com.rayo.gateway.routing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.Drain;
import com.rayo.protocol.rayo.Signal;
import com.rayo.protocol.xml.XmlElement;

/**
 * Tells a node to drain or to resume, or to hang up one call (the admin's drainNode/resumeNode and
 * the API's hang-up, answered by the gateway that holds the domains: only it talks to the nodes).
 * A drained node's own presence then says {@code away} or {@code chat}, which is what selection
 * follows; a hung-up call's end reaches its owner as any end does.
 */
public final class NodeControl {
    private final RoutingContext ctx;
    private final java.util.function.BooleanSupplier connected;

    public NodeControl(RoutingContext ctx, java.util.function.BooleanSupplier connected) {
        this.ctx = ctx;
        this.connected = connected;
    }

    /** Drains {@code node} ({@code timeout} null: the node's own drain-timeout); returns what happened, or throws why not. */
    public String drain(String node, Duration timeout) throws Exception {
        RayoNode n = known(node);
        ask(n, Jid.domain(n.domain()), new Drain(true, timeout == null ? null : (int) Math.min(Integer.MAX_VALUE, timeout.toMillis())).toXml());
        return "draining " + n.domain() + " (" + n.load() + " calls up)";
    }

    public String resume(String node) throws Exception {
        RayoNode n = known(node);
        ask(n, Jid.domain(n.domain()), new Drain(false, null).toXml());
        return "resumed " + n.domain();
    }

    /** Hangs up a live call this gateway routes; returns what happened, or throws why not. */
    public String hangup(String callId) throws Exception {
        if (!connected.getAsBoolean()) throw new IllegalStateException("this gateway does not hold the domains now: the holder talks to the nodes");
        CallRecord call = ctx.calls().find(callId == null ? null : callId.trim());
        if (call == null) throw new IllegalArgumentException("no live call " + callId);
        ask(known(call.nodeDomain()), Domains.nodeCall(call.nodeDomain(), call.callId(), null), Signal.of(Signal.Type.HANGUP).toXml());
        return "hung up " + call.callId() + " on " + call.nodeDomain();
    }

    private RayoNode known(String node) {
        if (!connected.getAsBoolean()) throw new IllegalStateException("this gateway does not hold the domains now: the holder talks to the nodes");
        String d = node == null ? "" : node.trim();
        RayoNode n = ctx.nodes().find(d);
        if (n == null) throw new IllegalArgumentException("no node " + d + " (known: " + String.join(", ", ctx.nodes().all().stream().map(RayoNode::domain).sorted().toList()) + ")");
        return n;
    }

    private void ask(RayoNode n, Jid to, XmlElement command) throws Exception {
        CompletableFuture<Stanza> answer = new CompletableFuture<>();
        ctx.askNode("set", to, command, new PendingRequests.Waiter() {
            @Override public void onResponse(Stanza response) { answer.complete(response); }
            @Override public void onFailure(PendingRequests.Failure failure) {
                answer.completeExceptionally(new IllegalStateException(failure.text("node " + n.domain(), null)));
            }
        });
        try {
            Stanza r = answer.get(ctx.commandTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (r.isError()) throw new IllegalStateException("node " + n.domain() + " refused: " + r.errorCondition().condition() + " " + r.errorText());
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("node " + n.domain() + " did not answer");
        }
    }
}
