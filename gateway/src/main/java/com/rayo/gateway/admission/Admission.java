package com.rayo.gateway.admission;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who may start what right now: quiesce (no new dials or offers, existing calls go on),
 * bans, and the per-application dial rate. Routing asks; admin changes it.
 */
public final class Admission {
    private final AtomicBoolean quiesced;
    private final Bans bans;
    private final RateLimiter dialRate;

    public Admission(boolean quiesced, Bans bans, RateLimiter dialRate) {
        this.quiesced = new AtomicBoolean(quiesced);
        this.bans = bans;
        this.dialRate = dialRate;
    }

    public boolean quiesced() { return quiesced.get(); }

    /** Returns the previous mode. */
    public boolean setQuiesced(boolean on) { return quiesced.getAndSet(on); }

    public Bans bans() { return bans; }

    public RateLimiter dialRate() { return dialRate; }
}
