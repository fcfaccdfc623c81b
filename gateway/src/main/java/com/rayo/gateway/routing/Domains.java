package com.rayo.gateway.routing;

import com.rayo.protocol.Jid;

/** The gateway's two domains and the JID rewriting between them and the nodes. */
public record Domains(String external, String internal) {
    public Jid externalJid() { return Jid.domain(external); }
    public Jid internalJid() { return Jid.domain(internal); }

    /** {@code CALLID@external[/resource]}: how applications see a call or component. */
    public Jid externalCall(String callId, String resource) { return new Jid(callId, external, resource); }

    /** {@code CALLID@node[/resource]}: where the call really lives. */
    public static Jid nodeCall(String nodeDomain, String callId, String resource) { return new Jid(callId, nodeDomain, resource); }
}
