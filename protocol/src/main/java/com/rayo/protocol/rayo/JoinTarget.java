package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/**
 * The unjoin command and the joined/unjoined events: each names exactly one other
 * party, a call (call-uri) or a mixer (mixer-name).
 */
public record JoinTarget(Type type, String callUri, String mixerName) implements RayoElement {
    public enum Type {
        UNJOIN("unjoin"), JOINED("joined"), UNJOINED("unjoined");

        private final String element;

        Type(String element) { this.element = element; }

        public String element() { return element; }

        public ElementProvider<JoinTarget> provider() {
            return e -> {
                Attrs.onlyChildren(e);
                return new JoinTarget(this, e.attr("call-uri"), e.attr("mixer-name"));
            };
        }
    }

    public JoinTarget {
        check(type.element, callUri, mixerName);
    }

    static void check(String element, String callUri, String mixerName) {
        if ((callUri == null) == (mixerName == null)) throw new RayoParseException("<" + element + "> needs exactly one of call-uri or mixer-name");
        if (callUri != null && XmppUri.toJid(callUri) == null) throw new RayoParseException("<" + element + "> call-uri is not an xmpp: URI: '" + callUri + "'");
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(type.element, RayoNamespaces.CORE).attr("call-uri", callUri).attr("mixer-name", mixerName).build();
    }
}
