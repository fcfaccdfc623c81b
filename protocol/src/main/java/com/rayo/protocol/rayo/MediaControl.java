package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/** The call commands of urn:xmpp:rayo:1 that change what the call's media does: mute, unmute, hold, unhold. */
public record MediaControl(Type type) implements RayoElement {
    public enum Type {
        /** The call's own voice is replaced by silence for everything it is connected to. */
        MUTE("mute"), UNMUTE("unmute"),
        /** The call neither hears nor is heard. */
        HOLD("hold"), UNHOLD("unhold");

        private final String element;

        Type(String element) { this.element = element; }

        public String element() { return element; }

        public ElementProvider<MediaControl> provider() {
            return e -> {
                Attrs.onlyChildren(e);
                return new MediaControl(this);
            };
        }
    }

    @Override public XmlElement toXml() { return XmlElement.builder(type.element(), RayoNamespaces.CORE).build(); }
}
