package com.rayo.gateway.routing;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.rayo.gateway.admission.Admission;
import com.rayo.gateway.registry.ApplicationRegistry;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.CallRegistry;
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
public record RoutingContext(Domains domains, ApplicationRegistry applications, NodeRegistry nodes, CallRegistry calls,
                             Admission admission, Outbox outbox, PendingRequests pending, ScheduledExecutorService scheduler,
                             GatewayStats stats, Duration dialTimeout, AtomicInteger dialMaxRetries, Duration lateAnswerGrace,
                             Duration commandTimeout, java.util.function.BooleanSupplier storeBehind) {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoutingContext.class);

    /** Answers an application's stanza with an error (never an error to an error). */
    void refuseApplication(Stanza s, StanzaError error, String text) {
        if (s.isError() || s.isType("result")) return;
        stats.error(error);
        LOG.debug("event=refused side=external from={} condition={} text=\"{}\"", s.from(), error.condition(), text);
        outbox.toApplications(s.errorReply(error, hideNodes(text)));
    }

    void refuseNode(Stanza s, StanzaError error, String text) {
        if (s.isError() || s.isType("result")) return;
        stats.error(error);
        LOG.debug("event=refused side=internal from={} condition={} text=\"{}\"", s.from(), error.condition(), text);
        outbox.toNodes(s.errorReply(error, text));
    }

    /**
     * Tells a node to do something to one of its calls when nobody waits for the answer
     * (hang up an orphaned call, reject an offer nobody takes).
     */
    void commandCall(String nodeDomain, String callId, com.rayo.protocol.xml.XmlElement command) {
        outbox.toNodes(Stanza.iq("set", domains.internalJid(), Domains.nodeCall(nodeDomain, callId, null), pending.newId(), command));
    }

    /**
     * A node's stanza as applications may see it: node JIDs in Rayo attributes become external
     * ones, and node or internal domains in any text or attribute are replaced, so no node
     * address leaves the gateway (not even inside an error or end text).
     */
    com.rayo.protocol.xml.XmlElement forApplications(com.rayo.protocol.xml.XmlElement fromNode) {
        return com.rayo.protocol.rayo.PayloadJids.rewrite(fromNode, toExternal()).mapStrings(this::hideNodes);
    }

    /** Free text for applications: node and internal domains become the external domain. */
    String hideNodes(String text) {
        if (text == null) return null;
        String t = nodes.hideNames(text, domains.external());
        return t.contains(domains.internal()) ? t.replace(domains.internal(), domains.external()) : t;
    }

    /** Node JIDs inside payloads become external ones: no node address leaves the gateway. */
    UnaryOperator<Jid> toExternal() {
        return j -> nodes.isNode(j.domain()) && j.local() != null ? j.withDomain(domains.external()) : j;
    }

    /** External call JIDs inside payloads become the JIDs of the node that holds each call. */
    UnaryOperator<Jid> toInternal() {
        return j -> {
            if (!j.domain().equals(domains.external()) || j.local() == null) return j;
            CallRecord c = calls.find(j.local());
            return c == null ? j : j.withDomain(c.nodeDomain());
        };
    }
}
