package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/** Component: record the call's media. */
public record Record(String format, Boolean startBeep, Boolean stopBeep, Boolean startPaused, Integer maxDuration,
                     Integer initialTimeout, Integer finalTimeout, String direction, Boolean mix) implements RayoElement {
    public static final String ELEMENT = "record";
    public static final ElementProvider<Record> PROVIDER = e -> {
        Attrs.onlyChildren(e);
        return new Record(e.attr("format"), Attrs.bool(e, "start-beep"), Attrs.bool(e, "stop-beep"), Attrs.bool(e, "start-paused"),
                Attrs.integer(e, "max-duration"), Attrs.integer(e, "initial-timeout"), Attrs.integer(e, "final-timeout"),
                Attrs.oneOf(e, "direction", "duplex", "send", "recv"), Attrs.bool(e, "mix"));
    };

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.RECORD).attr("format", format).attr("start-beep", startBeep)
                .attr("stop-beep", stopBeep).attr("start-paused", startPaused).attr("max-duration", maxDuration)
                .attr("initial-timeout", initialTimeout).attr("final-timeout", finalTimeout).attr("direction", direction)
                .attr("mix", mix).build();
    }
}
