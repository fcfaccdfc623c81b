package com.rayo.gateway.routing;

import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.CallRegistry;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.protocol.Jid;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.XmppUri;
import com.rayo.protocol.xml.XmlElement;

/**
 * The calls an application names inside a payload ({@code join}/{@code unjoin} call-uri, a
 * dial's nested join, any Rayo {@code uri} that points at the gateway or a node) must be its
 * own. Checking only the call a command is addressed to would let one application bridge
 * into another's call by naming it in a join.
 */
final class CallReferences {
    private final Domains domains;
    private final CallRegistry calls;
    private final NodeRegistry nodes;

    CallReferences(Domains domains, CallRegistry calls, NodeRegistry nodes) {
        this.domains = domains;
        this.calls = calls;
        this.nodes = nodes;
    }

    /**
     * The first reference in the payload that is not one of the application's calls (another
     * application's call, one that does not exist, a node's or the internal domain's address);
     * null when every reference is the application's own.
     */
    String foreign(XmlElement payload, Application app) {
        if (RayoNamespaces.isRayo(payload.namespace())) {
            String callUri = payload.attr("call-uri");
            if (callUri != null && ownCall(XmppUri.toJid(callUri), app) == null) return callUri;
            String uri = payload.attr("uri");
            if (uri != null && pointsInside(XmppUri.toJid(uri)) && ownCall(XmppUri.toJid(uri), app) == null) return uri;
        }
        for (XmlElement child : payload.elements()) {
            String bad = foreign(child, app);
            if (bad != null) return bad;
        }
        return null;
    }

    /** The application's call that a JID names ({@code CALLID@external}), or null. */
    CallRecord ownCall(Jid jid, Application app) {
        if (jid == null || jid.local() == null || jid.resource() != null || !jid.domain().equals(domains.external())) return null;
        CallRecord c = calls.find(jid.local());
        return c != null && c.application().equals(app.jid()) ? c : null;
    }

    private boolean pointsInside(Jid jid) {
        if (jid == null) return false;
        String d = jid.domain();
        return d.equals(domains.external()) || d.equals(domains.internal()) || nodes.mayRegister(d) || nodes.isNode(d);
    }
}
