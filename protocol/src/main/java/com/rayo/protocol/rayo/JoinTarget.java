package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/**
 * The unjoin command and the joined/unjoined events: each names exactly one other
 * party, a call (call-uri) or a mixer (mixer-name). An unjoined the gateway makes up (the
 * mixer's node was lost) says why in {@code <reason xmlns='urn:xmpp:rayo:cluster:1'>}.
 */
public record JoinTarget(Type type, String callUri, String mixerName, String reason) implements RayoElement {
    public static final String REASON = "reason";

    public enum Type {
        UNJOIN("unjoin"), JOINED("joined"), UNJOINED("unjoined");

        private final String element;

        Type(String element) { this.element = element; }

        public String element() { return element; }

        public ElementProvider<JoinTarget> provider() {
            return e -> {
                XmlElement reason = e.child(REASON, RayoNamespaces.CLUSTER);
                Attrs.onlyChildren(e.withoutElements(REASON, RayoNamespaces.CLUSTER));
                return new JoinTarget(this, e.attr("call-uri"), e.attr("mixer-name"), reason == null ? null : reason.text());
            };
        }
    }

    public JoinTarget(Type type, String callUri, String mixerName) {
        this(type, callUri, mixerName, null);
    }

    public JoinTarget {
        check(type.element, callUri, mixerName);
    }

    static void check(String element, String callUri, String mixerName) {
        if ((callUri == null) == (mixerName == null)) throw new RayoParseException("<" + element + "> needs exactly one of call-uri or mixer-name");
        if (callUri != null && XmppUri.toJid(callUri) == null) throw new RayoParseException("<" + element + "> call-uri is not an xmpp: URI: '" + callUri + "'");
        String bad = mixerName == null ? null : mixerNameProblem(mixerName);
        if (bad != null) throw new RayoParseException("<" + element + "> mixer-name '" + mixerName + "' " + bad);
    }

    /**
     * Why a mixer name cannot be one (it becomes the local part of the mixer's JID, RFC 7622), or null.
     */
    public static String mixerNameProblem(String name) {
        if (name.isEmpty()) return "is empty";
        if (name.length() > 64) return "is longer than 64 characters";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == 0x7F || "\"&'/:<>@".indexOf(c) >= 0) return "is not a JID local part (no spaces, controls or \"&'/:<>@)";
        }
        return null;
    }

    @Override public XmlElement toXml() {
        XmlElement.Builder b = XmlElement.builder(type.element, RayoNamespaces.CORE).attr("call-uri", callUri).attr("mixer-name", mixerName);
        if (reason != null) b.child(XmlElement.builder(REASON, RayoNamespaces.CLUSTER).text(reason).build());
        return b.build();
    }
}
