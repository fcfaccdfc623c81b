package com.rayo.protocol.rayo;

import java.util.List;

import com.rayo.protocol.xml.XmlElement;

/** Event: an inbound call is offered to the application. */
public record Offer(String to, String from, List<Header> headers) implements RayoElement {
    public static final String ELEMENT = "offer";
    public static final ElementProvider<Offer> PROVIDER = e -> {
        Attrs.onlyChildren(e, Header.ELEMENT);
        return new Offer(Attrs.required(e, "to"), e.attr("from"), Attrs.headers(e));
    };

    public Offer {
        if (to == null || to.isBlank()) throw new RayoParseException("<offer> needs a 'to' attribute");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.CORE).attr("to", to).attr("from", from)
                .children(headers.stream().map(Header::toXml).toList()).build();
    }
}
