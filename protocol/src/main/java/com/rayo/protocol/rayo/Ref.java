package com.rayo.protocol.rayo;

import com.rayo.protocol.Jid;
import com.rayo.protocol.xml.XmlElement;

/** Result of a dial or a component start: the URI of the new call or component. */
public record Ref(String uri) implements RayoElement {
    public static final String ELEMENT = "ref";
    public static final ElementProvider<Ref> PROVIDER = e -> new Ref(Attrs.required(e, "uri"));

    public Ref {
        if (XmppUri.toJid(uri) == null) throw new RayoParseException("<ref> uri must be an xmpp: URI of a JID, got '" + uri + "'");
    }

    public static Ref of(Jid jid) { return new Ref(XmppUri.of(jid)); }

    public Jid jid() { return XmppUri.toJid(uri); }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.CORE).attr("uri", uri).build();
    }
}
