package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/**
 * Gateway ↔ node, not XEP-0327: how a call on one node joins a mixer on another. Sent to the
 * mixer ({@code <mixer-leg call-uri direction/>}) it opens an RTP port for that call and is
 * answered with {@code <mixer-leg host port/>}; sent to the call
 * ({@code <mixer-leg mixer-name host port direction/>}) it connects the call's media to that port.
 */
public record MixerLeg(String callUri, String mixerName, String direction, String host, Integer port) implements RayoElement {
    public static final String ELEMENT = "mixer-leg";
    public static final ElementProvider<MixerLeg> PROVIDER = e -> {
        Attrs.onlyChildren(e);
        return new MixerLeg(e.attr("call-uri"), e.attr("mixer-name"), Attrs.oneOf(e, "direction", "duplex", "send", "recv"),
                e.attr("host"), Attrs.integer(e, "port"));
    };

    public MixerLeg {
        if (port != null && (port < 1 || port > 65535)) throw new RayoParseException("<" + ELEMENT + "> port must be 1-65535, got " + port);
        if ((host == null) != (port == null)) throw new RayoParseException("<" + ELEMENT + "> needs host and port together");
    }

    /** To the mixer: open a leg for this call. */
    public static MixerLeg open(String callUri, String direction) { return new MixerLeg(callUri, null, direction, null, null); }

    /** The mixer's answer: where the call's media goes. */
    public static MixerLeg at(String host, int port) { return new MixerLeg(null, null, null, host, port); }

    /** To the call: connect to the mixer's leg. */
    public static MixerLeg connect(String mixerName, String direction, String host, int port) { return new MixerLeg(null, mixerName, direction, host, port); }

    @Override public XmlElement toXml() {
        return XmlElement.builder(ELEMENT, RayoNamespaces.CLUSTER).attr("call-uri", callUri).attr("mixer-name", mixerName).attr("direction", direction)
                .attr("host", host).attr("port", port == null ? null : port.toString()).build();
    }
}
