package com.rayo.client;

import com.rayo.protocol.StanzaError;

/** A Rayo request refused by the gateway or a node, with the RFC 6120 condition and its text. */
public class RayoException extends Exception {
    private final StanzaError condition;

    public RayoException(StanzaError condition, String text) {
        super((condition == null ? "error" : condition.condition()) + (text == null ? "" : ": " + text));
        this.condition = condition;
    }

    public StanzaError condition() { return condition; }
}
