package com.rayo.rtp.protocol;

/**
 * RTPproxy error replies the balancer produces itself (after rtpproxy's codes; rtpengine
 * answers E8 to what it does not support, so the balancer does too).
 */
public final class Replies {
    /** Syntax error: the command could not be parsed. */
    public static final String SYNTAX = "E1";
    /** No relay could take or answer the command (all offline, full or timing out). */
    public static final String NO_RELAY = "E7";
    /** Unknown command, or a session command for a call nobody holds. */
    public static final String UNSUPPORTED = "E8";
    /** The version this balancer speaks (the base RTPproxy protocol). */
    public static final String VERSION = "20040107";

    private Replies() {}

    public static String line(String cookie, String reply) { return cookie + " " + reply + "\n"; }
}
