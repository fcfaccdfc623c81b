package com.rayo.protocol.rayo;

import java.util.List;

import com.rayo.protocol.xml.XmlElement;

/** Command to the server: place an outbound call. Answered with a {@link Ref}. */
public record Dial(String to, String from, Integer timeout, List<Header> headers, List<Join> joins) implements RayoElement {
    public static final String ELEMENT = "dial";
    public static final ElementProvider<Dial> PROVIDER = e -> {
        Attrs.onlyChildren(e, Header.ELEMENT, Join.ELEMENT);
        return new Dial(Attrs.required(e, "to"), e.attr("from"), Attrs.integer(e, "timeout"), Attrs.headers(e),
                e.children(Join.ELEMENT, RayoNamespaces.CORE).stream().map(Join.PROVIDER::parse).toList());
    };

    public Dial {
        if (to == null || to.isBlank()) throw new RayoParseException("<dial> needs a 'to' attribute");
        if (timeout != null && timeout <= 0) throw new RayoParseException("<dial> timeout must be positive");
        headers = headers == null ? List.of() : List.copyOf(headers);
        joins = joins == null ? List.of() : List.copyOf(joins);
    }

    public Dial(String to, String from) { this(to, from, null, List.of(), List.of()); }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.CORE).attr("to", to).attr("from", from).attr("timeout", timeout)
                .children(headers.stream().map(Header::toXml).toList())
                .children(joins.stream().map(Join::toXml).toList()).build();
    }
}
