package com.rayo.cli.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.rayo.component.ComponentConnection;
import com.rayo.component.ComponentHandler;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.rayo.PayloadJids;

/**
 * Benchmark baseline: a forwarder with no logic beyond what routing back needs (who
 * sent each request, who owns each call). Same Prosody hops as the gateway.
 */
final class BaselineRelay implements ComponentHandler {
    private final String domain;
    private final String nodeDomain;
    private final Map<String, Jid> requesters = new ConcurrentHashMap<>();
    private final Map<String, Jid> owners = new ConcurrentHashMap<>();
    volatile ComponentConnection connection;

    BaselineRelay(String domain, String nodeDomain) {
        this.domain = domain;
        this.nodeDomain = nodeDomain;
    }

    @Override public void onStanza(Stanza s) {
        Jid from = s.from();
        Jid to = s.to();
        if (from == null || to == null) return;
        if (!from.domain().equals(nodeDomain)) {
            if (!s.isRequest()) return;
            requesters.put(s.id(), from);
            connection.send(s.withAddress(Jid.domain(domain), new Jid(to.local(), nodeDomain, to.resource())));
            return;
        }
        if (s.isResponse()) {
            Jid client = requesters.remove(s.id());
            if (client == null) return;
            Stanza out = new Stanza(PayloadJids.rewrite(s.element(), j -> j.domain().equals(nodeDomain) ? j.withDomain(domain) : j));
            if (out.payload() != null && out.payload().name().equals("ref")) owners.put(jidOf(out.payload().attr("uri")).local(), client);
            connection.send(out.withAddress(from.withDomain(domain), client)); // answered from the JID the client asked
        } else if (s.isPresence() && from.local() != null) {
            Jid client = s.payload() != null && s.payload().name().equals("end") ? owners.remove(from.local()) : owners.get(from.local());
            if (client != null) connection.send(s.withAddress(from.withDomain(domain), client));
        }
    }

    private static Jid jidOf(String uri) { return Jid.of(uri.substring("xmpp:".length())); }
}
