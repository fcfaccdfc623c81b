package com.rayo.component;

import com.rayo.protocol.Stanza;

/** Receives a component's traffic. Stanzas come from one thread, in stream order. */
public interface ComponentHandler {
    void onStanza(Stanza stanza);

    /** Called after every successful handshake, the first and each reconnect. */
    default void onConnected() {}

    default void onDisconnected(String reason) {}
}
