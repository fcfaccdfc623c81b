package com.rayo.component;

/**
 * XEP-0114 straight on a socket with Smack's XmlPullParser: one reader thread per
 * connection (stream order is delivery order), one writer thread that batches flushes.
 */
public final class NativeComponentTransport implements ComponentTransport {
    @Override public String name() { return "native"; }

    @Override public ComponentConnection connect(ComponentSpec spec, ComponentHandler handler) {
        NativeConnection c = new NativeConnection(spec, handler);
        c.start();
        return c;
    }
}
