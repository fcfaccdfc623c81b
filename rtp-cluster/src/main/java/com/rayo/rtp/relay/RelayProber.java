package com.rayo.rtp.relay;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Probes every relay with a command that takes the relay's real command path (a delete of
 * a call that does not exist: any answer, even E8, proves the control thread works; a
 * kill -STOP'ed relay keeps its port open but answers nothing). Never a Q: rtpengine 10.5
 * can hang on a second query of a call. Offline relays are re-probed with a back-off
 * doubling up to {@code maxBackoff}; one answer brings a relay back.
 */
public final class RelayProber implements Runnable {
    public static final String PROBE = "D rtp-cluster-probe probe";

    /** @param failures consecutive unanswered probes (or timed-out commands) that make a relay offline */
    public record Settings(long intervalMillis, long timeoutMillis, int failures, long maxBackoffMillis) {
        public static Settings defaults() { return new Settings(150, 250, 2, 1000); }
    }

    private final Supplier<List<Relay>> relays;
    private final Settings settings;
    private final BiConsumer<Relay, Boolean> onChange;

    /** @param onChange called with the relay and whether it is up now, on every change */
    public RelayProber(Supplier<List<Relay>> relays, Settings settings, BiConsumer<Relay, Boolean> onChange) {
        this.relays = relays;
        this.settings = settings;
        this.onChange = onChange;
    }

    @Override public void run() {
        for (Relay r : relays.get()) {
            if (!r.probeDue(System.nanoTime())) continue;
            r.link().send(PROBE, Duration.ofMillis(settings.timeoutMillis())).whenComplete((reply, error) -> {
                boolean before = r.probed(error == null, System.nanoTime(), settings);
                if (before != (r.state() != RelayState.OFFLINE)) onChange.accept(r, !before);
            });
        }
    }

    /** A command to the relay timed out; returns true when that made it offline. */
    public boolean commandTimedOut(Relay r) {
        boolean before = r.commandTimedOut(System.nanoTime(), settings);
        boolean now = r.state() != RelayState.OFFLINE;
        if (before != now) onChange.accept(r, now);
        return before && !now;
    }
}
