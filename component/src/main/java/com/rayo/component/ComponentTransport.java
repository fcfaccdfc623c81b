package com.rayo.component;

/**
 * How a process speaks XEP-0114 to the XMPP server. Implementations must pass the
 * contract suite (ComponentTransportContract): handshake, stanzas delivered in stream
 * order from one thread, reconnect by themselves, oversized stanzas answered.
 */
public interface ComponentTransport {
    /** A short name for logs, configuration and benchmarks ("native", "whack"). */
    String name();

    /**
     * Starts connecting in the background and keeps the connection up until closed.
     * Returns at once; use {@link ComponentConnection#awaitConnected} to wait.
     */
    ComponentConnection connect(ComponentSpec spec, ComponentHandler handler);

    /** The transport configured by name; "native" is the default. */
    static ComponentTransport byName(String name) {
        return switch (name == null ? "native" : name) {
            case "native" -> new NativeComponentTransport();
            case "whack" -> new WhackComponentTransport();
            default -> throw new IllegalArgumentException("unknown component transport '" + name + "' (native or whack)");
        };
    }
}
