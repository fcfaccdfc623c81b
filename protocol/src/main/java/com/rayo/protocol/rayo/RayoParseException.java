package com.rayo.protocol.rayo;

/** A Rayo payload that is not valid: the message is meant for the sender (bad-request text). */
public class RayoParseException extends RuntimeException {
    public RayoParseException(String message) { super(message); }
}
