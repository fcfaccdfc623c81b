package com.rayo.node.verbs;

import java.util.List;

import com.rayo.node.backend.CommandResult;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.xml.XmlElement;

/**
 * A running verb on a call. Completes exactly once, whatever ends it first (its own end, a
 * stop, the call's hangup); {@link #release()} then detaches it from the call's media.
 */
abstract class Component {
    /** Where a component's events go: the call's verbs, which tag them with the call and component. */
    interface Sink {
        void event(Component c, RayoElement e);
    }

    final String id;
    private final Sink sink;
    private boolean done;

    Component(String id, Sink sink) {
        this.id = id;
        this.sink = sink;
    }

    abstract void start();

    /** Detaches sources, listeners and timers; called once, on completion. */
    abstract void release();

    CommandResult command(ComponentCommand c) {
        if (c.name().equals("stop")) {
            complete(Reasons.STOP);
            return CommandResult.OK;
        }
        return CommandResult.refuse(StanzaError.FEATURE_NOT_IMPLEMENTED, "<" + c.name() + "> is not a command of this component");
    }

    /** What a completion carries besides its reason (record: the recording); computed once, after release. */
    List<XmlElement> results() { return List.of(); }

    final boolean complete(XmlElement reason) {
        synchronized (this) {
            if (done) return false;
            done = true;
        }
        release();
        sink.event(this, new Complete(reason, results()));
        return true;
    }

    final synchronized boolean done() { return done; }

    final void event(RayoElement e) {
        if (!done()) sink.event(this, e);
    }
}
