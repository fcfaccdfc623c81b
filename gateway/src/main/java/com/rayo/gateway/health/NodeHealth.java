package com.rayo.gateway.health;

import java.time.Clock;

/**
 * One node's health state machine. Probe results, dial results, admin actions and the
 * passing of time move it between {@link NodeState}s; every method returns the state
 * before the event so the caller can act on a transition. Time comes from the injected
 * clock, so tests drive it with a fake one.
 */
public final class NodeHealth {
    private volatile HealthSettings settings;
    private final Clock clock;
    private NodeState state = NodeState.UP;
    private int failedProbes;
    private int failedDials;
    private long blacklistedUntil;
    private long nextProbeAt;
    private long downBackoffMillis;
    private boolean probeInFlight;
    private long upSince;

    /** New probe and blacklist settings (a configuration reload), from the next probe or dial result on. */
    public void update(HealthSettings newSettings) { settings = newSettings; }

    public NodeHealth(HealthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.upSince = clock.millis();
    }

    public synchronized NodeState state() { return state; }

    /** When the node last became up (slow start counts from here). */
    public synchronized long upSinceMillis() { return upSince; }

    public synchronized boolean takesCalls() { return state == NodeState.UP; }

    /** Whether a probe should be sent now; if so, it is counted as in flight. */
    public synchronized boolean probeDue() {
        long now = clock.millis();
        if (state == NodeState.BLACKLISTED && now >= blacklistedUntil) set(NodeState.PROBING);
        // A blacklisted node is still probed: if it dies meanwhile, its calls must end.
        if (state == NodeState.DISABLED || probeInFlight || now < nextProbeAt) return false;
        probeInFlight = true;
        return true;
    }

    public synchronized NodeState probeAnswered() {
        probeInFlight = false;
        return alive();
    }

    /** A probe timed out, or came back as an error saying the node is not there ({@code unreachable}). */
    public synchronized NodeState probeFailed(boolean unreachable) {
        probeInFlight = false;
        return failed(unreachable);
    }

    private NodeState failed(boolean unreachable) {
        NodeState before = state;
        failedProbes++;
        if (state == NodeState.UP || state == NodeState.PROBING || state == NodeState.BLACKLISTED) {
            if (unreachable || failedProbes >= settings.failedProbes()) {
                set(NodeState.DOWN);
                downBackoffMillis = settings.probeInterval().toMillis();
            } else if (state == NodeState.UP) {
                set(NodeState.PROBING);
            }
        } else if (state == NodeState.DOWN) {
            downBackoffMillis = Math.min(settings.downProbeMax().toMillis(), Math.max(downBackoffMillis, 1) * 2);
        }
        // A probing node is asked again at once: the verdict should come within a few timeouts.
        nextProbeAt = clock.millis() + (state == NodeState.DOWN ? downBackoffMillis : 0);
        return before;
    }

    /**
     * The XMPP server bounced a request to the node: it is not connected. Same verdict as an
     * unreachable probe; a probe in flight stays in flight (its own answer still counts).
     */
    public synchronized NodeState unreachable() {
        if (state == NodeState.DISABLED || state == NodeState.DOWN) return state;
        return failed(true);
    }

    public synchronized NodeState dialFailed() {
        NodeState before = state;
        failedDials++;
        if (state == NodeState.UP && failedDials >= settings.dialFailures()) {
            set(NodeState.BLACKLISTED);
            blacklistedUntil = clock.millis() + settings.blacklistDuration().toMillis();
        }
        return before;
    }

    public synchronized void dialSucceeded() { failedDials = 0; }

    public synchronized NodeState disable() {
        NodeState before = state;
        set(NodeState.DISABLED);
        return before;
    }

    /** Lifts an admin disable (or an automatic blacklist): the node is probed before it takes calls. */
    public synchronized NodeState enable() {
        NodeState before = state;
        if (state == NodeState.DISABLED || state == NodeState.BLACKLISTED) {
            failedDials = 0;
            nextProbeAt = 0;
            set(NodeState.PROBING);
        }
        return before;
    }

    /** The node announced itself again (presence after a restart): it is alive, as if it answered a probe. */
    public synchronized NodeState announced() { return alive(); }

    /** Proof of life: a probing or down node is up again (a blacklist or disable stays). */
    private NodeState alive() {
        NodeState before = state;
        failedProbes = 0;
        nextProbeAt = clock.millis() + settings.probeInterval().toMillis();
        if (state == NodeState.PROBING || state == NodeState.DOWN) {
            failedDials = 0;
            downBackoffMillis = 0;
            set(NodeState.UP);
        }
        return before;
    }

    private void set(NodeState s) {
        if (s == NodeState.UP && state != NodeState.UP) upSince = clock.millis();
        state = s;
    }
}
