package com.rayo.node.verbs;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.rayo.node.grammar.Grammar;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaListener;
import com.rayo.protocol.rayo.ComponentEvent;
import com.rayo.protocol.rayo.Input;

/**
 * Collects the far end's keys against the input's grammars. After each key: a match no key
 * can extend completes at once; a match that could grow, or a prefix, waits for the
 * inter-digit timeout; a key that leaves no grammar reachable completes with {@code nomatch}
 * at once (the input cannot match any more, and saying so beats waiting). The terminator
 * ends the input: what was pressed before it is matched or not.
 */
final class InputComponent extends Component implements MediaListener {
    private final Input spec;
    private final List<Grammar> grammars;
    private final CallMedia media;
    private final VerbContext ctx;
    private final StringBuilder keys = new StringBuilder();
    private boolean heardAny;
    private boolean timersRunning;
    private ScheduledFuture<?> initialTimer;
    private ScheduledFuture<?> digitTimer;
    /** Told of the first key (a prompt's barge-in). */
    private volatile Runnable onFirstKey;

    InputComponent(String id, Sink sink, Input spec, List<Grammar> grammars, CallMedia media, VerbContext ctx) {
        super(id, sink);
        this.spec = spec;
        this.grammars = grammars;
        this.media = media;
        this.ctx = ctx;
    }

    void onFirstKey(Runnable r) { this.onFirstKey = r; }

    @Override void start() {
        startListening();
        startTimers();
    }

    void startListening() { media.addListener(this); }

    /** The timers run from here: at once for an input, once its output is over for a prompt. */
    synchronized void startTimers() {
        if (done() || timersRunning) return;
        timersRunning = true;
        if (heardAny) armDigitTimer();
        else if (spec.initialTimeout() != null && spec.initialTimeout() > 0) {
            initialTimer = ctx.timer().schedule(() -> complete(Reasons.NOINPUT), spec.initialTimeout(), TimeUnit.MILLISECONDS);
        }
    }

    @Override public void digit(char key) {
        boolean first;
        java.util.function.Supplier<Runnable> decision;
        synchronized (this) {
            if (done()) return;
            first = !heardAny;
            heardAny = true;
            cancel(initialTimer);
            cancel(digitTimer);
            String terminator = spec.terminator();
            if (terminator != null && terminator.toUpperCase(Locale.ROOT).indexOf(key) >= 0) {
                decision = () -> this::decideNow;
            } else {
                keys.append(key);
                decision = this::afterKey;
            }
        }
        if (first) {
            event(ComponentEvent.START_OF_INPUT);
            Runnable r = onFirstKey;
            if (r != null) r.run();
        }
        Runnable next;
        synchronized (this) {
            next = decision.get();
        }
        if (next != null) next.run();
    }

    /** What to do after a key: complete (match, nomatch), or wait (null). */
    private Runnable afterKey() {
        String k = keys.toString();
        boolean wait = false;
        for (Grammar g : grammars) {
            switch (g.status(k)) {
                case MATCH -> {
                    return () -> complete(Nlsml.match(g.id(), k, g.interpret(k)));
                }
                case MATCH_MORE, PREFIX -> wait = true;
                case NONE -> { }
            }
        }
        if (!wait) return () -> complete(Reasons.NOMATCH);
        if (timersRunning) armDigitTimer();
        return null;
    }

    /** (Re)starts the inter-digit timer: the one running is cancelled, so only the latest key's timer can decide. */
    private void armDigitTimer() {
        cancel(digitTimer);
        long ms = spec.interDigitTimeout() != null && spec.interDigitTimeout() > 0 ? spec.interDigitTimeout() : ctx.interDigitTimeout().toMillis();
        digitTimer = ctx.timer().schedule(this::decideNow, ms, TimeUnit.MILLISECONDS);
    }

    /** The keys so far, as they are: a match of the first grammar they match, or nomatch. */
    private void decideNow() {
        String k;
        synchronized (this) {
            k = keys.toString();
        }
        for (Grammar g : grammars) {
            Grammar.Status s = g.status(k);
            if (s == Grammar.Status.MATCH || s == Grammar.Status.MATCH_MORE) {
                complete(Nlsml.match(g.id(), k, g.interpret(k)));
                return;
            }
        }
        complete(heardAny ? Reasons.NOMATCH : Reasons.NOINPUT);
    }

    @Override void release() {
        media.removeListener(this);
        synchronized (this) {
            cancel(initialTimer);
            cancel(digitTimer);
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) f.cancel(false);
    }
}
