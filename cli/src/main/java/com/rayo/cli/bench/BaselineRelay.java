package com.rayo.cli.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.rayo.component.ComponentConnection;
import com.rayo.component.ComponentHandler;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.PayloadJids;

/**
 * Benchmark baseline: a forwarder with no logic beyond what routing back needs (who sent each
 * request, who owns each call), laid out as the gateway is — one component domain facing the
 * clients, another facing the node — so both sides take the same Prosody hops and sessions and
 * differ by the gateway's logic only.
 */
final class BaselineRelay {
    private final String domain;
    private final String internalDomain;
    private final String nodeDomain;
    private final Map<String, Jid> requesters = new ConcurrentHashMap<>();
    private final Map<String, Jid> owners = new ConcurrentHashMap<>();
    volatile ComponentConnection external;
    volatile ComponentConnection internal;

    BaselineRelay(String domain, String internalDomain, String nodeDomain) {
        this.domain = domain;
        this.internalDomain = internalDomain;
        this.nodeDomain = nodeDomain;
    }

    /** The clients' side: requests go on to the node. */
    ComponentHandler fromClients() {
        return s -> {
            Jid from = s.from();
            Jid to = s.to();
            if (from == null || to == null || !s.isRequest()) return;
            requesters.put(s.id(), from);
            internal.send(s.withAddress(Jid.domain(internalDomain), new Jid(to.local(), nodeDomain, to.resource())));
        };
    }

    /** The node's side: answers and events go back to the client that asked or owns the call. */
    ComponentHandler fromNodes() {
        return s -> {
            Jid from = s.from();
            if (from == null || !from.domain().equals(nodeDomain)) return;
            if (s.isResponse()) {
                Jid client = requesters.remove(s.id());
                if (client == null) return;
                Stanza out = new Stanza(PayloadJids.rewrite(s.element(), j -> j.domain().equals(nodeDomain) ? j.withDomain(domain) : j));
                if (out.payload() != null && out.payload().name().equals("ref")) owners.put(jidOf(out.payload().attr("uri")).local(), client);
                external.send(out.withAddress(from.withDomain(domain), client)); // answered from the JID the client asked
            } else if (s.isPresence() && from.local() != null) {
                Jid client = s.payload() != null && s.payload().name().equals("end") ? owners.remove(from.local()) : owners.get(from.local());
                if (client != null) external.send(s.withAddress(from.withDomain(domain), client));
            }
        };
    }

    void close() {
        if (external != null) external.close();
        if (internal != null) internal.close();
    }

    private static Jid jidOf(String uri) { return Jid.of(uri.substring("xmpp:".length())); }
}
