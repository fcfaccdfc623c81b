package com.rayo.gateway.health;

/** What became of one ping to a node. */
public enum ProbeResult {
    /** A result, or an error the node itself produced: it is alive. */
    ANSWERED,
    /** No answer within the probe timeout (a hung node keeps its socket open). */
    TIMED_OUT,
    /** The XMPP server answered for the node: it is not connected. */
    UNREACHABLE
}
