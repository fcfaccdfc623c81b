package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/**
 * Mixer event: a participant started or stopped speaking ({@code <started-speaking call-uri>},
 * {@code <stopped-speaking call-uri>}), sent from the mixer's JID.
 */
public record Speaking(boolean started, String callUri) implements RayoElement {
    public static final String STARTED = "started-speaking";
    public static final String STOPPED = "stopped-speaking";

    public static ElementProvider<Speaking> provider(boolean started) {
        return e -> {
            Attrs.onlyChildren(e);
            return new Speaking(started, Attrs.required(e, "call-uri"));
        };
    }

    public Speaking {
        if (XmppUri.toJid(callUri) == null) throw new RayoParseException("<" + (started ? STARTED : STOPPED) + "> call-uri is not an xmpp: URI: '" + callUri + "'");
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(started ? STARTED : STOPPED, RayoNamespaces.CORE).attr("call-uri", callUri).build();
    }
}
