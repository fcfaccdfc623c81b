package com.rayo.gateway.routing;

import com.rayo.protocol.Stanza;

/** Where routed stanzas go: out of the external domain to applications, or out of the internal domain to nodes. */
public interface Outbox {
    void toApplications(Stanza stanza);

    void toNodes(Stanza stanza);
}
