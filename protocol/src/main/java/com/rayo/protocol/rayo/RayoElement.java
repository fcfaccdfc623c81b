package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/** An immutable Rayo element that knows how to write itself. */
public interface RayoElement {
    XmlElement toXml();
}
