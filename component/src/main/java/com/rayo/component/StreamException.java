package com.rayo.component;

/** The server refused or ended the stream (handshake failure, conflict, stream error). */
final class StreamException extends Exception {
    /** The server handed the domain to another connection while this stream was up. */
    final boolean replaced;

    StreamException(String message) { this(message, false); }

    StreamException(String message, boolean replaced) {
        super(message);
        this.replaced = replaced;
    }
}
