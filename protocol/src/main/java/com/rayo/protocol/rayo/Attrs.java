package com.rayo.protocol.rayo;

import java.util.ArrayList;
import java.util.List;

import com.rayo.protocol.xml.XmlElement;

/** Attribute and child readers shared by the providers; each failure names the element and attribute. */
final class Attrs {
    private Attrs() {}

    static String required(XmlElement e, String name) {
        String v = e.attr(name);
        if (v == null || v.isBlank()) throw new RayoParseException("<" + e.name() + "> needs a '" + name + "' attribute");
        return v;
    }

    static Integer integer(XmlElement e, String name) {
        String v = e.attr(name);
        if (v == null) return null;
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException ex) {
            throw new RayoParseException("attribute '" + name + "' of <" + e.name() + "> must be an integer, got '" + v + "'");
        }
    }

    static Double decimal(XmlElement e, String name) {
        String v = e.attr(name);
        if (v == null) return null;
        try {
            return Double.valueOf(v.trim());
        } catch (NumberFormatException ex) {
            throw new RayoParseException("attribute '" + name + "' of <" + e.name() + "> must be a number, got '" + v + "'");
        }
    }

    static Boolean bool(XmlElement e, String name) {
        String v = e.attr(name);
        if (v == null) return null;
        return switch (v.trim()) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw new RayoParseException("attribute '" + name + "' of <" + e.name() + "> must be true or false, got '" + v + "'");
        };
    }

    static String oneOf(XmlElement e, String name, String... allowed) {
        String v = e.attr(name);
        if (v == null) return null;
        for (String a : allowed) if (a.equals(v)) return v;
        throw new RayoParseException("attribute '" + name + "' of <" + e.name() + "> must be one of " + String.join("|", allowed) + ", got '" + v + "'");
    }

    static List<Header> headers(XmlElement e) {
        List<Header> out = new ArrayList<>();
        for (XmlElement h : e.children(Header.ELEMENT, RayoNamespaces.CORE)) out.add(Header.PROVIDER.parse(h));
        return List.copyOf(out);
    }

    /** Refuses child elements other than those named (in the element's own namespace). */
    static void onlyChildren(XmlElement e, String... names) {
        outer:
        for (XmlElement c : e.elements()) {
            if (c.namespace().equals(e.namespace())) for (String n : names) if (n.equals(c.name())) continue outer;
            throw new RayoParseException("<" + e.name() + "> does not take a <" + c.name() + "> child" + (c.namespace().equals(e.namespace()) ? "" : " in namespace " + c.namespace()));
        }
    }
}
