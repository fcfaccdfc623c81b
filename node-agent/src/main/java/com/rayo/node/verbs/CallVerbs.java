package com.rayo.node.verbs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.rayo.node.backend.CommandResult;
import com.rayo.node.grammar.Grammar;
import com.rayo.node.grammar.Grammars;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaListener;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.Input;
import com.rayo.protocol.rayo.Output;
import com.rayo.protocol.rayo.Prompt;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.Record;

/**
 * One call's verbs: starts output, input, prompt and record components on the call's media,
 * routes their commands, reports the far end's keys as {@code <dtmf signal>}, and completes
 * every running component with {@code hangup} when the call ends. Backend-neutral: the SIP
 * node gives it RTP, the simulator a clock.
 */
public final class CallVerbs implements MediaListener {
    private final String callId;
    private final CallMedia media;
    private final VerbContext ctx;
    private final VerbEvents events;
    private final Map<String, Component> running = new ConcurrentHashMap<>();

    public CallVerbs(String callId, CallMedia media, VerbContext ctx, VerbEvents events) {
        this.callId = callId;
        this.media = media;
        this.ctx = ctx;
        this.events = events;
        media.addListener(this);
    }

    /** Whether an element is a verb this class starts. */
    public static boolean isVerb(RayoElement e) {
        return e instanceof Output || e instanceof Input || e instanceof Prompt || e instanceof Record;
    }

    /** Starts a verb: its component id, or the refusal (bad grammar, unsupported mode or format). */
    public CommandResult start(RayoElement verb) {
        String id = UUID.randomUUID().toString();
        Component c;
        try {
            if (verb instanceof Output o) c = new OutputComponent(id, this::report, o, media, ctx);
            else if (verb instanceof Input i) c = new InputComponent(id, this::report, i, grammars(i), media, ctx);
            else if (verb instanceof Prompt p) c = prompt(id, p);
            else if (verb instanceof Record r) c = record(id, r);
            else throw new Refused(StanzaError.FEATURE_NOT_IMPLEMENTED, "<" + verb.toXml().name() + "> is not a verb");
        } catch (Refused e) {
            return CommandResult.refuse(e.error, e.getMessage());
        }
        running.put(id, c);
        c.start();
        return CommandResult.started(id);
    }

    private PromptComponent prompt(String id, Prompt p) throws Refused {
        List<Grammar> g = grammars(p.input());
        return new PromptComponent(id, this::report, p, new PromptComponent.Factory() {
            @Override public OutputComponent output(String pid, Component.Sink sink, Output spec) {
                return new OutputComponent(pid, sink, spec, media, ctx);
            }

            @Override public InputComponent input(String pid, Component.Sink sink, Input spec) {
                return new InputComponent(pid, sink, spec, g, media, ctx);
            }
        });
    }

    private List<Grammar> grammars(Input spec) throws Refused {
        if (spec.mode() != null && !spec.mode().equals("dtmf") && !spec.mode().equals("any")) {
            throw new Refused(StanzaError.FEATURE_NOT_IMPLEMENTED, "input mode '" + spec.mode() + "' needs a speech recognizer; this node recognizes dtmf");
        }
        List<Grammar> out = new ArrayList<>();
        try {
            for (var d : spec.grammars()) out.add(Grammars.parse(d));
        } catch (Grammars.BadGrammar e) {
            throw new Refused(StanzaError.BAD_REQUEST, e.getMessage());
        }
        return out;
    }

    private RecordComponent record(String id, Record r) throws Refused {
        if (r.format() != null && !r.format().equalsIgnoreCase("wav")) {
            throw new Refused(StanzaError.BAD_REQUEST, "record format '" + r.format() + "' is not supported (wav)");
        }
        return new RecordComponent(id, this::report, r, media, ctx);
    }

    public CommandResult command(String componentId, ComponentCommand command) {
        Component c = running.get(componentId);
        if (c == null) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no component " + componentId + " on call " + callId);
        return c.command(command);
    }

    /** The call ended: every running component completes with hangup. */
    public void hangup() {
        media.removeListener(this);
        for (Component c : List.copyOf(running.values())) c.complete(Reasons.HANGUP);
    }

    public int active() { return running.size(); }

    @Override public void digit(char key) { events.dtmf(callId, key); }

    private void report(Component c, RayoElement e) {
        if (e instanceof Complete) running.remove(c.id);
        events.componentEvent(callId, c.id, e);
    }

    private static final class Refused extends Exception {
        final StanzaError error;

        Refused(StanzaError error, String message) {
            super(message);
            this.error = error;
        }
    }
}
