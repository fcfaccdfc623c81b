package com.rayo.protocol.xml;

import java.io.IOException;
import java.io.StringReader;

import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Builds {@link XmlElement}s from Smack's XmlPullParser: the component transport reads
 * stanzas off the socket with it and the client's providers use it inside Smack.
 */
public final class XmlReader {
    private XmlReader() {}

    public static XmlElement parse(String xml) {
        try {
            XmlPullParser p = SmackXmlParser.newXmlParser(new StringReader(xml));
            while (p.next() != XmlPullParser.Event.START_ELEMENT) {
                if (p.getEventType() == XmlPullParser.Event.END_DOCUMENT) throw new XmlParseException("no element in input");
            }
            return read(p);
        } catch (XmlPullParserException | IOException e) {
            throw new XmlParseException("malformed XML: " + e.getMessage(), e);
        }
    }

    /** Reads the element the parser stands on (START_ELEMENT) up to and including its end tag. */
    public static XmlElement read(XmlPullParser p) throws XmlPullParserException, IOException {
        XmlElement.Builder b = XmlElement.builder(p.getName(), p.getNamespace());
        for (int i = 0; i < p.getAttributeCount(); i++) {
            String prefix = p.getAttributePrefix(i);
            String name = p.getAttributeName(i);
            if (prefix == null || prefix.isEmpty()) b.attr(name, p.getAttributeValue(i));
            else if ("xml".equals(prefix)) b.attr("xml:" + name, p.getAttributeValue(i));
            // other namespaced attributes are not used by XMPP stanzas we route: dropped
        }
        // Whitespace between child elements is formatting, not content: dropped so that
        // pretty-printed and compact stanzas parse to equal trees.
        java.util.List<Object> nodes = new java.util.ArrayList<>();
        boolean hasElements = false;
        while (true) {
            switch (p.next()) {
                case START_ELEMENT -> { nodes.add(read(p)); hasElements = true; }
                case TEXT_CHARACTERS, ENTITY_REFERENCE -> nodes.add(p.getText());
                case END_ELEMENT -> {
                    for (Object n : nodes) {
                        if (n instanceof XmlElement e) b.child(e);
                        else if (!hasElements || !((String) n).isBlank()) b.text((String) n);
                    }
                    return b.build();
                }
                case END_DOCUMENT -> throw new XmlParseException("unexpected end of document inside <" + p.getName() + ">");
                default -> { }
            }
        }
    }
}
