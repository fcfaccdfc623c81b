package com.rayo.protocol.rayo;

import java.util.List;
import java.util.Locale;

import com.rayo.protocol.xml.XmlElement;

/** Event: the call has ended, with its reason (and a text for errors). */
public record End(Reason reason, String errorText, List<Header> headers) implements RayoElement {
    public static final String ELEMENT = "end";

    public enum Reason {
        /** The far party hung up. */
        HUNGUP("hungup"),
        /** The application's hangup command ended it. */
        HANGUP_COMMAND("hangup-command"),
        TIMEOUT("timeout"), BUSY("busy"), REJECTED("rejected"), ERROR("error");

        private final String element;

        Reason(String element) { this.element = element; }

        public String element() { return element; }

        public static Reason fromElement(String name) {
            for (Reason r : values()) if (r.element.equals(name)) return r;
            if ("hangup".equals(name)) return HUNGUP; // older drafts
            return null;
        }
    }

    public static final ElementProvider<End> PROVIDER = e -> {
        Reason reason = null;
        String text = null;
        for (XmlElement c : e.elements()) {
            if (!c.namespace().equals(RayoNamespaces.CORE)) throw new RayoParseException("<end> does not take <" + c.name() + "> in namespace " + c.namespace());
            if (c.name().equals(Header.ELEMENT)) continue;
            Reason r = Reason.fromElement(c.name());
            if (r == null) throw new RayoParseException("<end> has an unknown reason <" + c.name() + ">");
            if (reason != null) throw new RayoParseException("<end> has more than one reason");
            reason = r;
            if (!c.text().isBlank()) text = c.text().trim();
        }
        if (reason == null) throw new RayoParseException("<end> needs a reason");
        return new End(reason, text, Attrs.headers(e));
    };

    public End {
        if (reason == null) throw new RayoParseException("<end> needs a reason");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public static End of(Reason reason) { return new End(reason, null, List.of()); }

    public static End error(String text) { return new End(Reason.ERROR, text, List.of()); }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.CORE)
                .child(XmlElement.builder(reason.element, RayoNamespaces.CORE).text(errorText).build())
                .children(headers.stream().map(Header::toXml).toList()).build();
    }

    @Override public String toString() { return "End[" + reason.name().toLowerCase(Locale.ROOT) + (errorText == null ? "" : ": " + errorText) + "]"; }
}
