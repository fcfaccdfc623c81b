package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/**
 * Component: record the call's media. {@code owner} is not XEP-0327's: the gateway stamps the
 * owning application's bare JID on the record it forwards to a node ({@code <owner
 * xmlns='urn:xmpp:rayo:cluster:1' jid='…'/>}), so the node serves the recording to that
 * application only; the gateway strips one an application sends.
 */
public record Record(String format, Boolean startBeep, Boolean stopBeep, Boolean startPaused, Integer maxDuration,
                     Integer initialTimeout, Integer finalTimeout, String direction, Boolean mix, String owner) implements RayoElement {
    public static final String ELEMENT = "record";
    public static final String OWNER = "owner";
    public static final ElementProvider<Record> PROVIDER = e -> {
        for (XmlElement c : e.elements()) {
            if (!c.is(OWNER, RayoNamespaces.CLUSTER)) Attrs.onlyChildren(e.withoutElements(OWNER, RayoNamespaces.CLUSTER));
        }
        XmlElement owner = e.child(OWNER, RayoNamespaces.CLUSTER);
        return new Record(e.attr("format"), Attrs.bool(e, "start-beep"), Attrs.bool(e, "stop-beep"), Attrs.bool(e, "start-paused"),
                Attrs.integer(e, "max-duration"), Attrs.integer(e, "initial-timeout"), Attrs.integer(e, "final-timeout"),
                Attrs.oneOf(e, "direction", "duplex", "send", "recv"), Attrs.bool(e, "mix"), owner == null ? null : owner.attr("jid"));
    };

    public Record(String format, Boolean startBeep, Boolean stopBeep, Boolean startPaused, Integer maxDuration,
                  Integer initialTimeout, Integer finalTimeout, String direction, Boolean mix) {
        this(format, startBeep, stopBeep, startPaused, maxDuration, initialTimeout, finalTimeout, direction, mix, null);
    }

    /** The owner's stamp as the gateway adds it. */
    public static XmlElement ownerElement(String bareJid) {
        return XmlElement.builder(OWNER, RayoNamespaces.CLUSTER).attr("jid", bareJid).build();
    }

    @Override public XmlElement toXml() {
        XmlElement.Builder b = XmlElement.builder(ELEMENT, RayoNamespaces.RECORD).attr("format", format).attr("start-beep", startBeep)
                .attr("stop-beep", stopBeep).attr("start-paused", startPaused).attr("max-duration", maxDuration)
                .attr("initial-timeout", initialTimeout).attr("final-timeout", finalTimeout).attr("direction", direction)
                .attr("mix", mix);
        if (owner != null) b.child(ownerElement(owner));
        return b.build();
    }
}
