package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/** A signalling header carried with commands and events ({@code <header name value/>}). */
public record Header(String name, String value) implements RayoElement {
    public static final String ELEMENT = "header";
    public static final ElementProvider<Header> PROVIDER = e -> new Header(Attrs.required(e, "name"), e.attr("value") == null ? "" : e.attr("value"));

    public Header {
        if (name == null || name.isBlank()) throw new RayoParseException("<header> needs a name");
        if (value == null) value = "";
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.CORE).attr("name", name).attr("value", value).build();
    }
}
