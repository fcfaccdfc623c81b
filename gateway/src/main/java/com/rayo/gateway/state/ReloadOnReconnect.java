package com.rayo.gateway.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.component.ComponentHandler;
import com.rayo.protocol.Stanza;

/**
 * Reads the cluster state again each time a component connects: Prosody admits one connection per
 * domain, so a standby gateway (same domains, retrying) that finally gets them because the holder
 * died must learn the calls and resources the other gateway wrote since it started, before it routes
 * anything. The reload runs on the reader thread before the wrapped handler hears of the
 * connection, so no stanza is routed on a stale view; it only adds what is missing.
 */
public final class ReloadOnReconnect implements ComponentHandler {
    private static final Logger log = LoggerFactory.getLogger(ReloadOnReconnect.class);
    private final ComponentHandler delegate;
    private final Runnable reload;

    public ReloadOnReconnect(ComponentHandler delegate, Runnable reload) {
        this.delegate = delegate;
        this.reload = reload;
    }

    @Override public void onConnected() {
        try {
            reload.run();
        } catch (RuntimeException e) {
            // The store may be down too: route on what is in memory, as during an outage.
            log.warn("event=state-reload-failed reason=\"{}\"", e.toString());
        }
        delegate.onConnected();
    }

    @Override public void onStanza(Stanza stanza) { delegate.onStanza(stanza); }

    @Override public void onDisconnected(String reason) { delegate.onDisconnected(reason); }
}
