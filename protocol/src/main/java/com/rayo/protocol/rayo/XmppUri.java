package com.rayo.protocol.rayo;

import com.rayo.protocol.Jid;

/** {@code xmpp:} URIs as Rayo uses them in ref/@uri and call-uri attributes. */
public final class XmppUri {
    private XmppUri() {}

    public static String of(Jid jid) { return "xmpp:" + jid; }

    /** The JID of an {@code xmpp:} URI (a bare JID string is accepted too); null when it is not one. */
    public static Jid toJid(String uri) {
        if (uri == null) return null;
        return Jid.ofOrNull(uri.startsWith("xmpp:") ? uri.substring(5) : uri);
    }
}
