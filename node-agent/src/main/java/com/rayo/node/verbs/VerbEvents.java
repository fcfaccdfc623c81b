package com.rayo.node.verbs;

import com.rayo.protocol.rayo.RayoElement;

/** What verbs report: a component's events (progress, then one {@code complete}) and the far end's keys. */
public interface VerbEvents {
    void componentEvent(String callId, String componentId, RayoElement event);

    void dtmf(String callId, char key);
}
