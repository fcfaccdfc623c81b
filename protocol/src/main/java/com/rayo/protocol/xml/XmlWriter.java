package com.rayo.protocol.xml;

import java.util.Map;

/** Escaping serialiser for {@link XmlElement}: xmlns is written only where it changes. */
final class XmlWriter {
    private XmlWriter() {}

    static void write(XmlElement e, String parentNamespace, StringBuilder sb) {
        sb.append('<').append(e.name());
        if (!e.namespace().equals(parentNamespace == null ? "" : parentNamespace)) {
            sb.append(" xmlns='");
            escape(e.namespace(), sb, true);
            sb.append('\'');
        }
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            sb.append(' ').append(a.getKey()).append("='");
            escape(a.getValue(), sb, true);
            sb.append('\'');
        }
        if (e.nodes().isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        for (Object n : e.nodes()) {
            if (n instanceof XmlElement c) write(c, e.namespace(), sb);
            else escape((String) n, sb, false);
        }
        sb.append("</").append(e.name()).append('>');
    }

    static void escape(String s, StringBuilder sb, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\'' -> { if (attribute) sb.append("&apos;"); else sb.append(c); }
                case '"' -> { if (attribute) sb.append("&quot;"); else sb.append(c); }
                default -> sb.append(c);
            }
        }
    }
}
