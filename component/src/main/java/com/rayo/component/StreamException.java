package com.rayo.component;

/** The server refused or ended the stream (handshake failure, conflict, stream error). */
final class StreamException extends Exception {
    StreamException(String message) { super(message); }
}
