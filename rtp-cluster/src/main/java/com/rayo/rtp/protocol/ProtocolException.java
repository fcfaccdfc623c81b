package com.rayo.rtp.protocol;

/** A command the balancer cannot parse: answered with {@link Replies#SYNTAX}, logged, nothing forwarded. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) { super(message); }
}
