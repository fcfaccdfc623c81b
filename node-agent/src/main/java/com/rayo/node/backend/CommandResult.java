package com.rayo.node.backend;

import com.rayo.protocol.StanzaError;

/** The outcome of a call command: done, or refused with the error the application sees. */
public record CommandResult(StanzaError error, String text) {
    public static final CommandResult OK = new CommandResult(null, null);

    public static CommandResult refuse(StanzaError error, String text) { return new CommandResult(error, text); }

    public boolean ok() { return error == null; }
}
