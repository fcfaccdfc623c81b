package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/** Command (or nested in dial): join this call to another call or to a mixer. */
public record Join(String direction, String media, String callUri, String mixerName) implements RayoElement {
    public static final String ELEMENT = "join";
    public static final ElementProvider<Join> PROVIDER = e -> {
        Attrs.onlyChildren(e);
        return new Join(Attrs.oneOf(e, "direction", "duplex", "send", "recv"), Attrs.oneOf(e, "media", "bridge", "direct"),
                e.attr("call-uri"), e.attr("mixer-name"));
    };

    public Join {
        JoinTarget.check(ELEMENT, callUri, mixerName);
    }

    public static Join call(String callUri) { return new Join(null, null, callUri, null); }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.CORE).attr("direction", direction).attr("media", media)
                .attr("call-uri", callUri).attr("mixer-name", mixerName).build();
    }
}
