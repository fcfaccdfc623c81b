package com.rayo.client.packet;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;

import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.RayoProviders;
import com.rayo.protocol.xml.XmlElement;

/** A Rayo element carried in a Smack presence or message: the typed element and its XML. */
public final class RayoExtension implements ExtensionElement {
    private final XmlElement xml;
    private final RayoElement element;

    public RayoExtension(XmlElement xml) {
        this.xml = xml;
        this.element = RayoProviders.parse(xml);
    }

    public RayoExtension(RayoElement element) {
        this.element = element;
        this.xml = element.toXml();
    }

    /** The parsed element (null for an element this library does not model). */
    public RayoElement element() { return element; }

    public XmlElement xml() { return xml; }

    @Override public String getElementName() { return xml.name(); }
    @Override public String getNamespace() { return xml.namespace(); }

    @Override public CharSequence toXML(XmlEnvironment env) {
        StringBuilder sb = new StringBuilder();
        xml.appendTo(sb, env == null ? null : env.getEffectiveNamespace());
        return sb;
    }
}
