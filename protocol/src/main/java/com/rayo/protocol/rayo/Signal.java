package com.rayo.protocol.rayo;

import java.util.List;

import com.rayo.protocol.xml.XmlElement;

/**
 * The call elements that carry nothing but headers: the commands accept, answer and
 * hangup and the events ringing and answered. One record, so they cannot drift apart.
 */
public record Signal(Type type, List<Header> headers) implements RayoElement {
    public enum Type {
        ACCEPT("accept", true), ANSWER("answer", true), HANGUP("hangup", true),
        RINGING("ringing", false), ANSWERED("answered", false);

        private final String element;
        private final boolean command;

        Type(String element, boolean command) {
            this.element = element;
            this.command = command;
        }

        public String element() { return element; }
        public boolean isCommand() { return command; }

        public ElementProvider<Signal> provider() {
            return e -> {
                Attrs.onlyChildren(e, Header.ELEMENT);
                return new Signal(this, Attrs.headers(e));
            };
        }
    }

    public Signal {
        if (type == null) throw new IllegalArgumentException("signal type");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public static Signal of(Type type) { return new Signal(type, List.of()); }

    @Override public XmlElement toXml() {
        return XmlElement.builder(type.element, RayoNamespaces.CORE).children(headers.stream().map(Header::toXml).toList()).build();
    }
}
