package com.rayo.gateway.routing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.Drain;

/**
 * Tells a node to drain or to resume (the admin's drainNode/resumeNode, answered by the gateway
 * that holds the domains: only it talks to the nodes). The node's own presence then says
 * {@code away} or {@code chat}, which is what selection follows.
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
        ask(n, new Drain(true, timeout == null ? null : (int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        return "draining " + n.domain() + " (" + n.load() + " calls up)";
    }

    public String resume(String node) throws Exception {
        RayoNode n = known(node);
        ask(n, new Drain(false, null));
        return "resumed " + n.domain();
    }

    private RayoNode known(String node) {
        if (!connected.getAsBoolean()) throw new IllegalStateException("this gateway does not hold the domains now: the holder talks to the nodes");
        String d = node == null ? "" : node.trim();
        RayoNode n = ctx.nodes().find(d);
        if (n == null) throw new IllegalArgumentException("no node " + d + " (known: " + String.join(", ", ctx.nodes().all().stream().map(RayoNode::domain).sorted().toList()) + ")");
        return n;
    }

    private void ask(RayoNode n, Drain command) throws Exception {
        CompletableFuture<Stanza> answer = new CompletableFuture<>();
        ctx.askNode("set", Jid.domain(n.domain()), command.toXml(), new PendingRequests.Waiter() {
            @Override public void onResponse(Stanza response) { answer.complete(response); }
            @Override public void onFailure(PendingRequests.Failure failure) {
                answer.completeExceptionally(new IllegalStateException(switch (failure) {
                    case TIMEOUT -> "node " + n.domain() + " did not answer";
                    case NODE_LOST -> "node " + n.domain() + " was lost";
                    case HANDED_OVER -> PendingRequests.HANDED_OVER_TEXT;
                }));
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
