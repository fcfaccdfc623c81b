package com.rayo.component;

import java.time.Duration;

import com.rayo.protocol.Stanza;

/** A live component connection that reconnects by itself until closed. */
public interface ComponentConnection extends AutoCloseable {
    String domain();

    boolean isConnected();

    /** Queues a stanza; never blocks on the network. Kept while disconnected (bounded). */
    void send(Stanza stanza);

    boolean awaitConnected(Duration timeout) throws InterruptedException;

    TransportStats stats();

    /**
     * Gives the domain up now: the stream is closed and queued stanzas are dropped. It connects
     * again when its {@link DomainGuard} allows.
     */
    void release(String reason);

    @Override void close();
}
