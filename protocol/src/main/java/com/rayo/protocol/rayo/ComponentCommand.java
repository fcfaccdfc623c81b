package com.rayo.protocol.rayo;

import java.util.Map;
import java.util.Set;

import com.rayo.protocol.xml.XmlElement;

/**
 * A command to a running component ({@code CALLID@domain/COMPONENTID}): stop, and the
 * output and record controls. Attribute values are passed through as given.
 */
public record ComponentCommand(String name, String namespace, Map<String, String> attributes) implements RayoElement {
    private static final Map<String, Set<String>> KNOWN = Map.of(
            RayoNamespaces.EXT, Set.of("stop"),
            RayoNamespaces.OUTPUT, Set.of("pause", "resume", "seek", "speed-up", "speed-down", "volume-up", "volume-down"),
            RayoNamespaces.RECORD, Set.of("pause", "resume"),
            RayoNamespaces.INPUT, Set.of());

    public static boolean isKnown(String name, String namespace) {
        Set<String> names = KNOWN.get(namespace);
        return names != null && names.contains(name);
    }

    public static final ElementProvider<ComponentCommand> PROVIDER = e -> {
        if (!isKnown(e.name(), e.namespace())) throw new RayoParseException("<" + e.name() + "> is not a component command of " + e.namespace());
        Attrs.onlyChildren(e);
        if (e.name().equals("seek")) {
            Attrs.oneOf(e, "direction", "forward", "back");
            Attrs.required(e, "amount");
            Attrs.integer(e, "amount");
        }
        return new ComponentCommand(e.name(), e.namespace(), e.attributes());
    };

    public ComponentCommand {
        attributes = Map.copyOf(attributes);
    }

    @Override public XmlElement toXml() {
        XmlElement.Builder b = XmlElement.builder(name, namespace);
        attributes.forEach(b::attr);
        return b.build();
    }
}
