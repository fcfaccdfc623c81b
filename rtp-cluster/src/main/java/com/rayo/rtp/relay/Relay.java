package com.rayo.rtp.relay;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One media relay of a cluster: its spec, the admin's choice (active, suspended,
 * draining), its health (answering or not), its live sessions (counted by the balancer,
 * so load is known without asking relays that cannot tell), and its control link.
 */
public final class Relay {
    private final RelaySpec spec;
    private final RelayLink link;
    private final RelayLink ngLink;
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile RelayState admin;
    private volatile boolean up = true;
    private int failedProbes;
    private long nextProbeAtNanos;
    private long backoffMillis;
    private boolean probing;

    public Relay(RelaySpec spec, RelayLink link, boolean suspended) {
        this(spec, link, null, suspended);
    }

    /** @param ngLink the NG-protocol channel, or null when the relay has none */
    public Relay(RelaySpec spec, RelayLink link, RelayLink ngLink, boolean suspended) {
        this.spec = spec;
        this.link = link;
        this.ngLink = ngLink;
        this.admin = suspended ? RelayState.SUSPENDED : RelayState.ONLINE;
    }

    public String name() { return spec.name(); }
    public RelaySpec spec() { return spec; }
    public RelayLink link() { return link; }
    public RelayLink ngLink() { return ngLink; }

    /** Opens the relay's control channels (RTPproxy protocol, and NG when configured). */
    public static Relay open(RelaySpec spec, java.util.concurrent.ScheduledExecutorService timer, boolean suspended) throws java.io.IOException {
        RelayLink ng = spec.ngAddress() == null ? null : new RelayLink(spec.name() + "-ng", spec.ngAddress(), timer);
        return new Relay(spec, new RelayLink(spec.name(), spec.address(), timer), ng, suspended);
    }

    public void close() {
        link.close();
        if (ngLink != null) ngLink.close();
    }
    /** OFFLINE when it does not answer, else what the admin set (ONLINE, SUSPENDED, DRAINING). */
    public RelayState state() { return up ? admin : RelayState.OFFLINE; }
    public RelayState adminState() { return admin; }
    public int sessions() { return sessions.get(); }

    public void sessionStarted() { sessions.incrementAndGet(); }
    public void sessionEnded() { sessions.updateAndGet(n -> Math.max(0, n - 1)); }

    /** ONLINE (resume), SUSPENDED or DRAINING. */
    public void setAdminState(RelayState s) {
        if (s == RelayState.OFFLINE) throw new IllegalArgumentException("OFFLINE is decided by probes");
        admin = s;
    }

    /** Whether it answers and the admin lets it take new sessions. */
    public boolean takesNew() { return state() == RelayState.ONLINE; }

    /** Sessions over its capacity (≥ 1 when full): orders backups and relays past a soft limit, least loaded first. */
    public double load() { return sessions.get() / (double) spec.capacity(); }

    /** Share of new sessions: weight × free capacity; 0 when not online or full. */
    public double effectiveWeight() {
        if (state() != RelayState.ONLINE) return 0;
        int free = spec.capacity() - sessions.get();
        return free <= 0 ? 0 : spec.weight() * (free / (double) spec.capacity());
    }

    synchronized boolean probeDue(long now) {
        if (probing || now < nextProbeAtNanos) return false;
        probing = true;
        return true;
    }

    /** A probe's outcome; returns whether the relay was up before. */
    synchronized boolean probed(boolean answered, long now, RelayProber.Settings s) {
        probing = false;
        return answered ? answered(now, s) : failed(now, s);
    }

    /** A live command to it timed out: counts as a failed probe. Returns whether it was up before. */
    synchronized boolean commandTimedOut(long now, RelayProber.Settings s) { return failed(now, s); }

    private boolean answered(long now, RelayProber.Settings s) {
        boolean before = up;
        failedProbes = 0;
        backoffMillis = 0;
        up = true;
        nextProbeAtNanos = now + s.intervalMillis() * 1_000_000;
        return before;
    }

    private boolean failed(long now, RelayProber.Settings s) {
        boolean before = up;
        failedProbes++;
        if (failedProbes >= s.failures()) up = false;
        if (!up) backoffMillis = Math.min(s.maxBackoffMillis(), backoffMillis == 0 ? s.intervalMillis() : backoffMillis * 2);
        nextProbeAtNanos = now + (up ? s.intervalMillis() : backoffMillis) * 1_000_000;
        return before;
    }
}
