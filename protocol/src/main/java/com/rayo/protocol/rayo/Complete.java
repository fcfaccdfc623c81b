package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/**
 * Event: a component finished. The reason element is kept whole (its namespace says
 * which component: output finish, input match with its NLSML, record's recording…).
 */
public record Complete(XmlElement reason) implements RayoElement {
    public static final String ELEMENT = "complete";
    public static final ElementProvider<Complete> PROVIDER = e -> {
        if (e.elements().size() != 1) throw new RayoParseException("<complete> needs exactly one reason element");
        XmlElement r = e.firstElement();
        if (!RayoNamespaces.isRayo(r.namespace())) throw new RayoParseException("<complete> reason must be in a Rayo namespace, got " + r.namespace());
        return new Complete(r);
    };

    public Complete {
        if (reason == null) throw new RayoParseException("<complete> needs a reason");
    }

    /** The generic reasons of urn:xmpp:rayo:ext:complete:1: stop, hangup, error. */
    public static Complete of(String reason) {
        return new Complete(XmlElement.builder(reason, RayoNamespaces.EXT_COMPLETE).build());
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.EXT).child(reason).build();
    }
}
