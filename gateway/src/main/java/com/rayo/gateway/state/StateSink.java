package com.rayo.gateway.state;

import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.MixerRecord;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;

/**
 * Told of every change of the in-memory registries, so the shared store follows. Calls
 * must return at once: they run on the stanza path.
 */
public interface StateSink {
    void nodeChanged(RayoNode node);
    void nodeRemoved(RayoNode node);
    void applicationChanged(Application app);
    void applicationRemoved(Jid app);
    void addressChanged(String address, Jid app);
    void addressRemoved(String address);
    void resourceChanged(Jid resource, boolean takesOffers);
    void resourceRemoved(Jid resource);
    /** Returns when the call is in the shared store (at once when nothing is stored). */
    java.util.concurrent.CompletionStage<Void> callStarted(CallRecord call);
    void callEnded(CallRecord call, String reason);
    void mixerCreated(MixerRecord mixer);
    /** A participant joined or changed (speaking): its whole state now. */
    void mixerParticipant(MixerRecord mixer, String callId, String direction, boolean speaking);
    void mixerLeft(MixerRecord mixer, String callId);
    void mixerRemoved(MixerRecord mixer);

    /** Persistence off (benchmark baseline, unit tests). */
    StateSink NONE = new StateSink() {
        @Override public void nodeChanged(RayoNode node) { }
        @Override public void nodeRemoved(RayoNode node) { }
        @Override public void applicationChanged(Application app) { }
        @Override public void applicationRemoved(Jid app) { }
        @Override public void addressChanged(String address, Jid app) { }
        @Override public void addressRemoved(String address) { }
        @Override public void resourceChanged(Jid resource, boolean takesOffers) { }
        @Override public void resourceRemoved(Jid resource) { }
        @Override public java.util.concurrent.CompletionStage<Void> callStarted(CallRecord call) { return java.util.concurrent.CompletableFuture.completedFuture(null); }
        @Override public void callEnded(CallRecord call, String reason) { }
        @Override public void mixerCreated(MixerRecord mixer) { }
        @Override public void mixerParticipant(MixerRecord mixer, String callId, String direction, boolean speaking) { }
        @Override public void mixerLeft(MixerRecord mixer, String callId) { }
        @Override public void mixerRemoved(MixerRecord mixer) { }
    };
}
