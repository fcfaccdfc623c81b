package com.rayo.component;

/**
 * XEP-0114 through Whack 3.1.0, the library the product card names. Whack as shipped
 * reorders stanzas (its 25-thread pool) and does not notice a clean end of stream, so
 * this adapter gives each component a single-thread pool (stream order restored) and a
 * ping watchdog that rebuilds the connection when the server stops answering.
 */
public final class WhackComponentTransport implements ComponentTransport {
    @Override public String name() { return "whack"; }

    @Override public ComponentConnection connect(ComponentSpec spec, ComponentHandler handler) {
        if (spec.tls() != null) throw new IllegalArgumentException("the whack transport has no TLS for component links: use the native transport");
        WhackConnection c = new WhackConnection(spec, handler);
        c.start();
        return c;
    }
}
