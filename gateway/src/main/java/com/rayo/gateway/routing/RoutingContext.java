package com.rayo.gateway.routing;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.rayo.gateway.admission.Admission;
import com.rayo.gateway.registry.ApplicationRegistry;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.CallRegistry;
import com.rayo.gateway.registry.MixerRecord;
import com.rayo.gateway.registry.MixerRegistry;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;

/**
 * What the routing classes share: domains, registries, admission, the outbox, pending
 * requests, the timer, timings.
 *
 * @param dialMaxRetries retries after a failed first attempt; admins change it at run time
 */
public record RoutingContext(Domains domains, ApplicationRegistry applications, NodeRegistry nodes, CallRegistry calls, MixerRegistry mixers,
                             Admission admission, Outbox outbox, PendingRequests pending, ScheduledExecutorService scheduler,
                             GatewayStats stats, Duration dialTimeout, AtomicInteger dialMaxRetries, Duration lateAnswerGrace,
                             Duration commandTimeout, StoreGuard store) {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoutingContext.class);

    /** Answers an application's stanza with an error (never an error to an error). */
    public void refuseApplication(Stanza s, StanzaError error, String text) {
        if (s.isError() || s.isType("result")) return;
        stats.error(error);
        LOG.debug("event=refused side=external from={} condition={} text=\"{}\"", s.from(), error.condition(), text);
        outbox.toApplications(s.errorReply(error, hideNodes(text)));
    }

    public void refuseNode(Stanza s, StanzaError error, String text) {
        if (s.isError() || s.isType("result")) return;
        stats.error(error);
        LOG.debug("event=refused side=internal from={} condition={} text=\"{}\"", s.from(), error.condition(), text);
        outbox.toNodes(s.errorReply(error, text));
    }

    /**
     * Tells a node to do something to one of its calls when nobody waits for the answer
     * (hang up an orphaned call, reject an offer nobody takes).
     */
    public void commandCall(String nodeDomain, String callId, com.rayo.protocol.xml.XmlElement command) {
        outbox.toNodes(Stanza.iq("set", domains.internalJid(), Domains.nodeCall(nodeDomain, callId, null), pending.newId(), command));
    }

    /** Asks a node something (an iq from the internal domain) and hands its answer, or why none came, to {@code waiter}. */
    public void askNode(String type, Jid to, com.rayo.protocol.xml.XmlElement payload, PendingRequests.Waiter waiter) {
        String id = pending.newId();
        pending.await(id, to.domain(), commandTimeout, waiter);
        outbox.toNodes(Stanza.iq(type, domains.internalJid(), to, id, payload));
    }

    /**
     * A node's stanza as applications may see it: node JIDs in Rayo attributes become external
     * ones, and node or internal domains in any text or attribute are replaced, so no node
     * address leaves the gateway (not even inside an error or end text).
     */
    public com.rayo.protocol.xml.XmlElement forApplications(com.rayo.protocol.xml.XmlElement fromNode) {
        com.rayo.protocol.xml.XmlElement named = com.rayo.protocol.rayo.PayloadJids.rewriteMixerNames(fromNode, id -> {
            MixerRecord m = mixers.find(id);
            return m == null ? id : m.name();
        });
        return com.rayo.protocol.rayo.PayloadJids.rewrite(named, toExternal()).mapStrings(this::hideNodes);
    }

    /**
     * A node's stanza for applications, when its own addresses are replaced anyway ({@code withAddress}):
     * only its payloads are rewritten — its {@code from} always names a node, and rewriting it would
     * rebuild every event for nothing.
     */
    public Stanza payloadsForApplications(Stanza fromNode) {
        return new Stanza(fromNode.element().mapElements(this::forApplications));
    }

    /** Free text for applications: node and internal domains become the external domain. */
    public String hideNodes(String text) {
        if (text == null) return null;
        String t = nodes.hideNames(text, domains.external());
        return t.contains(domains.internal()) ? t.replace(domains.internal(), domains.external()) : t;
    }

    private static final java.util.regex.Pattern MIXER_ID = java.util.regex.Pattern.compile("m[0-9a-f]{12}-[^\\s'\"<>@/]+");

    /** Free text about mixers for applications: node names hidden, and the gateway's mixer ids become the application's names. */
    public String hideInternal(String text) {
        String t = hideNodes(text);
        if (t == null || !MIXER_ID.matcher(t).find()) return t;
        return MIXER_ID.matcher(t).replaceAll(r -> {
            MixerRecord m = mixers.find(r.group());
            return java.util.regex.Matcher.quoteReplacement(m == null ? r.group() : m.name());
        });
    }

    /** Node JIDs inside payloads become external ones (a mixer's by its name): no node address leaves the gateway. */
    public UnaryOperator<Jid> toExternal() {
        return j -> {
            if (!nodes.isNode(j.domain()) || j.local() == null) return j;
            MixerRecord m = mixers.find(j.local());
            return new Jid(m == null ? j.local() : m.name(), domains.external(), j.resource());
        };
    }

    /** External call JIDs inside payloads become the JIDs of the node that holds each call. */
    public UnaryOperator<Jid> toInternal() {
        return j -> {
            if (!j.domain().equals(domains.external()) || j.local() == null) return j;
            CallRecord c = calls.find(j.local());
            return c == null ? j : j.withDomain(c.nodeDomain());
        };
    }
}
