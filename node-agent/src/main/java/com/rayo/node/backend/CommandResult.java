package com.rayo.node.backend;

import com.rayo.protocol.StanzaError;

/**
 * The outcome of a call command: done, refused with the error the application sees, or, for a
 * verb, done with the id of the component it started (the {@code <ref>} of the answer).
 */
public record CommandResult(StanzaError error, String text, String componentId) {
    public static final CommandResult OK = new CommandResult(null, null, null);

    public CommandResult(StanzaError error, String text) { this(error, text, null); }

    public static CommandResult refuse(StanzaError error, String text) { return new CommandResult(error, text); }

    public static CommandResult started(String componentId) { return new CommandResult(null, null, componentId); }

    public boolean ok() { return error == null; }
}
