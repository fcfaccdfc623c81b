package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/**
 * The cluster payload a node sends in its presence to the gateway's internal domain:
 * platform, weight and priority, and (when the node reports them) its live load.
 */
public record NodeInfo(String platform, int weight, int priority, Integer activeCalls, Integer capacity) implements RayoElement {
    public static final String ELEMENT = "node-info";
    public static final String NAMESPACE = RayoNamespaces.CLUSTER;

    public static final ElementProvider<NodeInfo> PROVIDER = e -> {
        String platform = e.childText("platform", NAMESPACE);
        return new NodeInfo(platform == null ? null : platform.trim(), number(e, "weight", 10), number(e, "priority", 1),
                optional(e, "active-calls"), optional(e, "capacity"));
    };

    public NodeInfo {
        if (platform == null || platform.isEmpty()) throw new RayoParseException("<node-info> needs a <platform>");
        if (weight < 0) throw new RayoParseException("<node-info> weight must not be negative");
        if (priority < 0) throw new RayoParseException("<node-info> priority must not be negative");
        if (activeCalls != null && activeCalls < 0) throw new RayoParseException("<node-info> active-calls must not be negative");
        if (capacity != null && capacity < 0) throw new RayoParseException("<node-info> capacity must not be negative");
    }

    private static int number(XmlElement e, String name, int dflt) {
        Integer v = optional(e, name);
        return v == null ? dflt : v;
    }

    private static Integer optional(XmlElement e, String name) {
        String t = e.childText(name, NAMESPACE);
        if (t == null) return null;
        try {
            return Integer.valueOf(t.trim());
        } catch (NumberFormatException ex) {
            throw new RayoParseException("<" + name + "> of <node-info> must be an integer, got '" + t + "'");
        }
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, NAMESPACE).textChild("platform", platform).textChild("weight", weight)
                .textChild("priority", priority).textChild("active-calls", activeCalls).textChild("capacity", capacity).build();
    }
}
