package com.rayo.protocol.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An immutable XML element: the one tree every layer shares, from the socket reader
 * to the Rayo element model. Children keep document order (elements and text mixed),
 * so SSML or other inline markup survives a round trip untouched.
 */
public final class XmlElement {
    private final String name;
    private final String namespace;
    private final Map<String, String> attributes;
    private final List<Object> nodes; // XmlElement or String

    private XmlElement(String name, String namespace, Map<String, String> attributes, List<Object> nodes) {
        this.name = name;
        this.namespace = namespace == null ? "" : namespace;
        this.attributes = attributes;
        this.nodes = nodes;
    }

    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    /** Parses one element from text (a convenience for tests and configuration). */
    public static XmlElement parse(String xml) {
        return XmlReader.parse(xml);
    }

    public String name() { return name; }
    public String namespace() { return namespace; }
    public Map<String, String> attributes() { return attributes; }
    public String attr(String key) { return attributes.get(key); }
    public List<Object> nodes() { return nodes; }

    public boolean is(String name, String namespace) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    public List<XmlElement> elements() {
        List<XmlElement> out = new ArrayList<>(nodes.size());
        for (Object n : nodes) if (n instanceof XmlElement e) out.add(e);
        return out;
    }

    public XmlElement firstElement() {
        for (Object n : nodes) if (n instanceof XmlElement e) return e;
        return null;
    }

    public XmlElement child(String name, String namespace) {
        for (Object n : nodes) if (n instanceof XmlElement e && e.is(name, namespace)) return e;
        return null;
    }

    public List<XmlElement> children(String name, String namespace) {
        List<XmlElement> out = new ArrayList<>();
        for (Object n : nodes) if (n instanceof XmlElement e && e.is(name, namespace)) out.add(e);
        return out;
    }

    /** Concatenated direct text content ("" when none). */
    public String text() {
        StringBuilder sb = null;
        String single = "";
        for (Object n : nodes) {
            if (n instanceof String s) {
                if (sb == null && single.isEmpty()) single = s;
                else { if (sb == null) sb = new StringBuilder(single); sb.append(s); }
            }
        }
        return sb == null ? single : sb.toString();
    }

    public String childText(String name, String namespace) {
        XmlElement c = child(name, namespace);
        return c == null ? null : c.text();
    }

    public XmlElement withAttribute(String key, String value) {
        if (Objects.equals(attributes.get(key), value)) return this;
        Map<String, String> attrs = new LinkedHashMap<>(attributes);
        if (value == null) attrs.remove(key); else attrs.put(key, value);
        return new XmlElement(name, namespace, Collections.unmodifiableMap(attrs), nodes);
    }

    /** A copy whose child elements are mapped (text untouched); returns this when nothing changed. */
    public XmlElement mapElements(UnaryOperator<XmlElement> fn) {
        List<Object> out = null;
        for (int i = 0; i < nodes.size(); i++) {
            Object n = nodes.get(i);
            if (n instanceof XmlElement e) {
                XmlElement m = fn.apply(e);
                if (m != e) {
                    if (out == null) out = new ArrayList<>(nodes);
                    out.set(i, m);
                }
            }
        }
        return out == null ? this : new XmlElement(name, namespace, attributes, Collections.unmodifiableList(out));
    }

    /**
     * A copy whose text and attribute values, in this element and every descendant, are mapped;
     * returns this when nothing changed (untouched subtrees are shared, not copied).
     */
    public XmlElement mapStrings(UnaryOperator<String> fn) {
        Map<String, String> attrs = null;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            String m = fn.apply(a.getValue());
            if (!m.equals(a.getValue())) {
                if (attrs == null) attrs = new LinkedHashMap<>(attributes);
                attrs.put(a.getKey(), m);
            }
        }
        List<Object> out = null;
        for (int i = 0; i < nodes.size(); i++) {
            Object n = nodes.get(i);
            Object m = n instanceof XmlElement e ? e.mapStrings(fn) : fn.apply((String) n);
            if (m != n && !m.equals(n)) {
                if (out == null) out = new ArrayList<>(nodes);
                out.set(i, m);
            }
        }
        if (attrs == null && out == null) return this;
        return new XmlElement(name, namespace, attrs == null ? attributes : Collections.unmodifiableMap(attrs),
                out == null ? nodes : Collections.unmodifiableList(out));
    }

    public XmlElement withoutElements(String name, String namespace) {
        List<Object> out = new ArrayList<>(nodes.size());
        for (Object n : nodes) if (!(n instanceof XmlElement e && e.is(name, namespace))) out.add(n);
        return out.size() == nodes.size() ? this : new XmlElement(this.name, this.namespace, attributes, Collections.unmodifiableList(out));
    }

    public XmlElement withChild(XmlElement child) {
        List<Object> out = new ArrayList<>(nodes);
        out.add(child);
        return new XmlElement(name, namespace, attributes, Collections.unmodifiableList(out));
    }

    public String toXml() {
        StringBuilder sb = new StringBuilder(128);
        XmlWriter.write(this, null, sb);
        return sb.toString();
    }

    /** Serialises as a child of an element in {@code parentNamespace} (omits a redundant xmlns). */
    public void appendTo(StringBuilder sb, String parentNamespace) {
        XmlWriter.write(this, parentNamespace, sb);
    }

    @Override public boolean equals(Object o) {
        return o instanceof XmlElement x && name.equals(x.name) && namespace.equals(x.namespace)
                && attributes.equals(x.attributes) && nodes.equals(x.nodes);
    }

    @Override public int hashCode() { return Objects.hash(name, namespace, attributes, nodes); }

    @Override public String toString() { return toXml(); }

    public static final class Builder {
        private final String name;
        private final String namespace;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<Object> nodes = new ArrayList<>();

        private Builder(String name, String namespace) {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("element name is empty");
            this.name = name;
            this.namespace = namespace;
        }

        /** Sets an attribute; a null value leaves it out, so optional attributes need no if. */
        public Builder attr(String key, Object value) {
            if (value != null) attributes.put(key, value.toString());
            return this;
        }

        public Builder child(XmlElement child) {
            if (child != null) nodes.add(child);
            return this;
        }

        public Builder children(List<? extends XmlElement> children) {
            for (XmlElement c : children) child(c);
            return this;
        }

        public Builder text(String text) {
            if (text != null && !text.isEmpty()) {
                int last = nodes.size() - 1;
                if (last >= 0 && nodes.get(last) instanceof String prev) nodes.set(last, prev + text);
                else nodes.add(text);
            }
            return this;
        }

        /** Adds {@code <name>text</name>} in this element's namespace when text is not null. */
        public Builder textChild(String childName, Object text) {
            if (text != null) nodes.add(new Builder(childName, namespace).text(text.toString()).build());
            return this;
        }

        public XmlElement build() {
            return new XmlElement(name, namespace,
                    attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes)),
                    nodes.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(nodes)));
        }
    }
}
