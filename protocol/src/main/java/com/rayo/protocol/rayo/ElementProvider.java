package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/** Parses one element kind; throws {@link RayoParseException} saying what is wrong. */
@FunctionalInterface
public interface ElementProvider<T extends RayoElement> {
    T parse(XmlElement element);
}
