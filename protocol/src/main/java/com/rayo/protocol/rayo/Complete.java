package com.rayo.protocol.rayo;

import java.util.List;

import com.rayo.protocol.xml.XmlElement;

/**
 * Event: a component finished. The reason element is kept whole (its namespace says
 * which component: output finish, input match with its NLSML…); what the component made
 * follows it (record's {@code <recording uri duration size/>}).
 */
public record Complete(XmlElement reason, List<XmlElement> extras) implements RayoElement {
    public static final String ELEMENT = "complete";
    public static final ElementProvider<Complete> PROVIDER = e -> {
        List<XmlElement> all = e.elements();
        if (all.isEmpty()) throw new RayoParseException("<complete> needs a reason element");
        for (XmlElement r : all) {
            if (!RayoNamespaces.isRayo(r.namespace())) throw new RayoParseException("<complete> children must be in a Rayo namespace, got " + r.namespace());
        }
        return new Complete(all.get(0), all.subList(1, all.size()));
    };

    public Complete {
        if (reason == null) throw new RayoParseException("<complete> needs a reason");
        extras = extras == null ? List.of() : List.copyOf(extras);
    }

    public Complete(XmlElement reason) { this(reason, List.of()); }

    /** The generic reasons of urn:xmpp:rayo:ext:complete:1: stop, hangup, error. */
    public static Complete of(String reason) {
        return new Complete(XmlElement.builder(reason, RayoNamespaces.EXT_COMPLETE).build());
    }

    public String reasonName() { return reason.name(); }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.EXT).child(reason).children(extras).build();
    }
}
