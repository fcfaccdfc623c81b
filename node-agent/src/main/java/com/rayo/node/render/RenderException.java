package com.rayo.node.render;

/** A document that cannot be turned into audio; the message says which and why, for the application. */
public final class RenderException extends Exception {
    public RenderException(String message) { super(message); }
}
