package com.rayo.protocol.rayo;

import java.util.List;

import com.rayo.protocol.xml.XmlElement;

/** Command: send an offered call elsewhere (SIP 302). */
public record Redirect(String to, List<Header> headers) implements RayoElement {
    public static final String ELEMENT = "redirect";
    public static final ElementProvider<Redirect> PROVIDER = e -> {
        Attrs.onlyChildren(e, Header.ELEMENT);
        return new Redirect(Attrs.required(e, "to"), Attrs.headers(e));
    };

    public Redirect {
        if (to == null || to.isBlank()) throw new RayoParseException("<redirect> needs a 'to' attribute");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.CORE).attr("to", to)
                .children(headers.stream().map(Header::toXml).toList()).build();
    }
}
