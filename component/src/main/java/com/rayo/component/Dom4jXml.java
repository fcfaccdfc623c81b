package com.rayo.component;

import java.util.Map;

import org.dom4j.Attribute;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.Node;
import org.dom4j.QName;
import org.xmpp.packet.IQ;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;

/** Converts between Whack's dom4j packets and this project's immutable tree. */
final class Dom4jXml {
    private Dom4jXml() {}

    static XmlElement toXml(Element e) {
        XmlElement.Builder b = XmlElement.builder(e.getName(), e.getNamespaceURI());
        for (Attribute a : e.attributes()) {
            String prefix = a.getNamespacePrefix();
            if (prefix == null || prefix.isEmpty()) b.attr(a.getName(), a.getValue());
            else if ("xml".equals(prefix)) b.attr("xml:" + a.getName(), a.getValue());
        }
        boolean hasElements = !e.elements().isEmpty();
        for (Node n : e.content()) {
            if (n instanceof Element c) b.child(toXml(c));
            else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE || n.getNodeType() == Node.ENTITY_REFERENCE_NODE) {
                String t = n.getText();
                if (!hasElements || !t.isBlank()) b.text(t);
            }
        }
        return b.build();
    }

    static Element toDom(XmlElement x) {
        Element e = DocumentHelper.createElement(QName.get(x.name(), x.namespace()));
        for (Map.Entry<String, String> a : x.attributes().entrySet()) {
            if (a.getKey().startsWith("xml:")) e.addAttribute(QName.get(a.getKey().substring(4), "xml", "http://www.w3.org/XML/1998/namespace"), a.getValue());
            else e.addAttribute(a.getKey(), a.getValue());
        }
        for (Object n : x.nodes()) {
            if (n instanceof XmlElement c) e.add(toDom(c));
            else e.addText((String) n);
        }
        return e;
    }

    static Packet toPacket(Stanza s) {
        XmlElement x = s.element();
        if (!Stanza.COMPONENT_NS.equals(x.namespace())) x = move(x, x.namespace());
        Element e = toDom(x);
        return switch (s.kind()) {
            case IQ -> new IQ(e, true);
            case PRESENCE -> new Presence(e, true);
            default -> new Message(e, true);
        };
    }

    /** A packet from Whack as a stanza in the component namespace, like the native reader gives. */
    static Stanza toStanza(Element e) {
        XmlElement x = toXml(e);
        return new Stanza(x.namespace().equals(Stanza.COMPONENT_NS) ? x : move(x, x.namespace()));
    }

    /** Moves a stanza (and children in the same namespace) into the component namespace. */
    private static XmlElement move(XmlElement x, String from) {
        if (!x.namespace().equals(from)) return x;
        XmlElement.Builder b = XmlElement.builder(x.name(), Stanza.COMPONENT_NS);
        x.attributes().forEach(b::attr);
        for (Object n : x.nodes()) {
            if (n instanceof XmlElement c) b.child(move(c, from));
            else b.text((String) n);
        }
        return b.build();
    }
}
