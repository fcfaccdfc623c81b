package com.rayo.protocol.rayo;

import java.util.List;

import com.rayo.protocol.xml.XmlElement;

/** Command: refuse an offered call, with a reason (busy → 486, decline → 603, error → 500). */
public record Reject(Reason reason, List<Header> headers) implements RayoElement {
    public static final String ELEMENT = "reject";

    public enum Reason { BUSY, DECLINE, ERROR;
        public String element() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public static final ElementProvider<Reject> PROVIDER = e -> {
        Reason reason = null;
        for (XmlElement c : e.elements()) {
            if (!c.namespace().equals(RayoNamespaces.CORE)) throw new RayoParseException("<reject> does not take <" + c.name() + "> in namespace " + c.namespace());
            if (c.name().equals(Header.ELEMENT)) continue;
            Reason r = switch (c.name()) {
                case "busy" -> Reason.BUSY;
                case "decline" -> Reason.DECLINE;
                case "error" -> Reason.ERROR;
                default -> throw new RayoParseException("<reject> reason must be busy, decline or error, got <" + c.name() + ">");
            };
            if (reason != null) throw new RayoParseException("<reject> has more than one reason");
            reason = r;
        }
        return new Reject(reason, Attrs.headers(e));
    };

    public Reject {
        if (reason == null) reason = Reason.DECLINE;
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.CORE).child(XmlElement.builder(reason.element(), RayoNamespaces.CORE).build())
                .children(headers.stream().map(Header::toXml).toList()).build();
    }
}
