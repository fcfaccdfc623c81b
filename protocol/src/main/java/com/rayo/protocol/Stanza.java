package com.rayo.protocol;

import java.util.List;

import com.rayo.protocol.xml.XmlElement;

/**
 * A top-level XMPP stanza (iq, presence, message) as an immutable view over its
 * {@link XmlElement}. Addressing helpers return copies; the element is never mutated.
 */
public final class Stanza {
    /** The stream namespace of XEP-0114 component connections. */
    public static final String COMPONENT_NS = "jabber:component:accept";

    public enum Kind { IQ, PRESENCE, MESSAGE, OTHER }

    private final XmlElement element;
    private Jid from;
    private Jid to;

    public Stanza(XmlElement element) {
        this.element = element;
    }

    public static Stanza iq(String type, Jid from, Jid to, String id, XmlElement payload) {
        return new Stanza(XmlElement.builder("iq", COMPONENT_NS).attr("type", type).attr("from", from).attr("to", to)
                .attr("id", id).child(payload).build());
    }

    public static Stanza presence(Jid from, Jid to, String type, List<XmlElement> children) {
        return new Stanza(XmlElement.builder("presence", COMPONENT_NS).attr("from", from).attr("to", to)
                .attr("type", type).children(children).build());
    }

    public XmlElement element() { return element; }

    public Kind kind() {
        return switch (element.name()) {
            case "iq" -> Kind.IQ;
            case "presence" -> Kind.PRESENCE;
            case "message" -> Kind.MESSAGE;
            default -> Kind.OTHER;
        };
    }

    public boolean isIq() { return kind() == Kind.IQ; }
    public boolean isPresence() { return kind() == Kind.PRESENCE; }
    public String id() { return element.attr("id"); }
    public String type() { return element.attr("type"); }
    public boolean isType(String t) { return t.equals(type()); }
    public boolean isError() { return "error".equals(type()); }
    public boolean isRequest() { return isIq() && ("get".equals(type()) || "set".equals(type())); }
    public boolean isResponse() { return isIq() && ("result".equals(type()) || "error".equals(type())); }

    /** The sender; null when absent. Throws IllegalArgumentException when malformed. */
    public Jid from() {
        if (from == null && element.attr("from") != null) from = Jid.of(element.attr("from"));
        return from;
    }

    /** Why from or to is not a valid JID, or null when both are fine (or absent). */
    public String addressProblem() {
        try {
            from();
            to();
            return null;
        } catch (IllegalArgumentException e) {
            return "malformed address: " + e.getMessage();
        }
    }

    public Jid to() {
        if (to == null && element.attr("to") != null) to = Jid.of(element.attr("to"));
        return to;
    }

    /** The first child element other than {@code <error/>}: the IQ's query or the event. */
    public XmlElement payload() {
        for (XmlElement e : element.elements()) if (!e.name().equals("error")) return e;
        return null;
    }

    public Stanza withAddress(Jid newFrom, Jid newTo) {
        return new Stanza(element.withAttribute("from", newFrom == null ? null : newFrom.toString())
                .withAttribute("to", newTo == null ? null : newTo.toString()));
    }

    public Stanza withId(String id) { return new Stanza(element.withAttribute("id", id)); }

    public Stanza withElement(XmlElement e) { return new Stanza(e); }

    /** An error reply to this stanza, addressed back to its sender. */
    public Stanza errorReply(StanzaError error, String text) {
        return errorReply(error, error.defaultType(), text);
    }

    public Stanza errorReply(StanzaError error, String type, String text) {
        return new Stanza(XmlElement.builder(element.name(), element.namespace()).attr("type", "error")
                .attr("from", element.attr("to")).attr("to", element.attr("from")).attr("id", id())
                .child(error.toXml(element.namespace(), type, text)).build());
    }

    /** An IQ result to this request with an optional payload. */
    public Stanza resultReply(XmlElement payload) {
        return new Stanza(XmlElement.builder("iq", element.namespace()).attr("type", "result")
                .attr("from", element.attr("to")).attr("to", element.attr("from")).attr("id", id())
                .child(payload).build());
    }

    /** The condition of an error stanza, or null. */
    public StanzaError errorCondition() {
        XmlElement err = element.child("error", element.namespace());
        if (err == null) return null;
        for (XmlElement c : err.elements()) {
            if (c.namespace().equals(StanzaError.NAMESPACE) && !c.name().equals("text")) return StanzaError.fromCondition(c.name());
        }
        return null;
    }

    public String errorText() {
        XmlElement err = element.child("error", element.namespace());
        return err == null ? null : err.childText("text", StanzaError.NAMESPACE);
    }

    /** Serialises for a stream whose default namespace is this stanza's own (no xmlns on top). */
    public void appendTo(StringBuilder sb) {
        element.appendTo(sb, element.namespace());
    }

    public String toXml() {
        StringBuilder sb = new StringBuilder(256);
        appendTo(sb);
        return sb.toString();
    }

    @Override public String toString() { return toXml(); }
}
