package com.rayo.protocol.rayo;

import com.rayo.protocol.xml.XmlElement;

/**
 * Gateway → node, not XEP-0327: {@code <drain timeout='MS'/>} takes the node out of service
 * gracefully (no new calls, the calls up may finish within the timeout, then end with a reason;
 * no timeout: the node's own default), {@code <resume/>} puts it back.
 */
public record Drain(boolean drain, Integer timeoutMillis) implements RayoElement {
    public static final String DRAIN = "drain", RESUME = "resume";

    public static ElementProvider<Drain> provider(boolean drain) {
        return e -> {
            Attrs.onlyChildren(e);
            return new Drain(drain, drain ? Attrs.integer(e, "timeout") : null);
        };
    }

    public Drain {
        if (timeoutMillis != null && timeoutMillis < 0) throw new RayoParseException("<drain> timeout must be 0 or more milliseconds, got " + timeoutMillis);
    }

    @Override public XmlElement toXml() {
        return XmlElement.builder(drain ? DRAIN : RESUME, RayoNamespaces.CLUSTER).attr("timeout", timeoutMillis == null ? null : timeoutMillis.toString()).build();
    }
}
