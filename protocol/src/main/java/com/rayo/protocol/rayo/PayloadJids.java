package com.rayo.protocol.rayo;

import java.util.function.UnaryOperator;

import com.rayo.protocol.Jid;
import com.rayo.protocol.xml.XmlElement;

/**
 * Rewrites the JIDs Rayo carries inside payloads ({@code ref/@uri}, {@code join/@call-uri},
 * {@code joined/@call-uri}, …) so no node address leaks outside and no external address
 * reaches a node. One walk over the tree; untouched subtrees are shared, not copied.
 */
public final class PayloadJids {
    private PayloadJids() {}

    public static XmlElement rewrite(XmlElement e, UnaryOperator<Jid> map) {
        XmlElement out = e;
        if (RayoNamespaces.isRayo(e.namespace())) {
            out = rewriteAttr(out, "uri", map);
            out = rewriteAttr(out, "call-uri", map);
        }
        return out.mapElements(c -> rewrite(c, map));
    }

    /** Rewrites every Rayo {@code mixer-name} (applications' names ↔ the gateway's internal ids). */
    public static XmlElement rewriteMixerNames(XmlElement e, UnaryOperator<String> map) {
        XmlElement out = e;
        String name = RayoNamespaces.isRayo(e.namespace()) ? e.attr("mixer-name") : null;
        if (name != null) {
            String mapped = map.apply(name);
            if (mapped != null && !mapped.equals(name)) out = out.withAttribute("mixer-name", mapped);
        }
        return out.mapElements(c -> rewriteMixerNames(c, map));
    }

    private static XmlElement rewriteAttr(XmlElement e, String attr, UnaryOperator<Jid> map) {
        String v = e.attr(attr);
        if (v == null) return e;
        Jid jid = XmppUri.toJid(v);
        if (jid == null) return e;
        Jid mapped = map.apply(jid);
        if (mapped == null || mapped.equals(jid)) return e;
        return e.withAttribute(attr, v.startsWith("xmpp:") ? XmppUri.of(mapped) : mapped.toString());
    }
}
