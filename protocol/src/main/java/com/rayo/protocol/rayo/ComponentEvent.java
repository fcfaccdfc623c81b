package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/**
 * A component's progress events that carry nothing but their name: input's {@code
 * start-of-input} (the first digit came) and prompt's {@code input-timers-started} (the
 * output ended, the input's timers run).
 */
public record ComponentEvent(String name, String namespace) implements RayoElement {
    public static final ComponentEvent START_OF_INPUT = new ComponentEvent("start-of-input", RayoNamespaces.INPUT);
    public static final ComponentEvent INPUT_TIMERS_STARTED = new ComponentEvent("input-timers-started", RayoNamespaces.PROMPT);

    public static final ElementProvider<ComponentEvent> PROVIDER = e -> {
        Attrs.onlyChildren(e);
        return new ComponentEvent(e.name(), e.namespace());
    };

    @Override public XmlElement toXml() { return XmlElement.builder(name, namespace).build(); }
}
