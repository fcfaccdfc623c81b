package com.rayo.client.packet;

import org.jivesoftware.smack.packet.IQ;

import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.RayoProviders;
import com.rayo.protocol.xml.XmlElement;

/** An IQ whose child is a Rayo element: commands out, refs back. */
public final class RayoIq extends IQ {
    private final XmlElement child;

    public RayoIq(XmlElement child) {
        super(child.name(), child.namespace());
        this.child = child;
    }

    public RayoIq(RayoElement element) {
        this(element.toXml());
    }

    public XmlElement child() { return child; }

    /** The parsed child, or null when not a modelled Rayo element. */
    public RayoElement element() { return RayoProviders.parse(child); }

    @Override protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        child.attributes().forEach(xml::attribute);
        if (child.nodes().isEmpty()) {
            xml.setEmptyElement();
            return xml;
        }
        xml.rightAngleBracket();
        StringBuilder inner = new StringBuilder();
        for (Object n : child.nodes()) {
            if (n instanceof XmlElement e) e.appendTo(inner, child.namespace());
            else inner.append(org.jivesoftware.smack.util.StringUtils.escapeForXmlText((String) n));
        }
        xml.append(inner);
        return xml;
    }
}
