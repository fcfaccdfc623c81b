package com.rayo.node.backend;

import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.RayoElement;

/**
 * The outcome of a command: done, refused with the error the application sees, done with the id
 * of the component a verb started (the {@code <ref>} of the answer), or done with a payload to
 * answer with.
 */
public record CommandResult(StanzaError error, String text, String componentId, RayoElement answer) {
    public static final CommandResult OK = new CommandResult(null, null, null, null);

    public CommandResult(StanzaError error, String text) { this(error, text, null, null); }

    public static CommandResult refuse(StanzaError error, String text) { return new CommandResult(error, text); }

    public static CommandResult started(String componentId) { return new CommandResult(null, null, componentId, null); }

    public static CommandResult answer(RayoElement payload) { return new CommandResult(null, null, null, payload); }

    public boolean ok() { return error == null; }
}
