package com.rayo.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.Signal;

/**
 * A steady dial load for the failover benchmarks: each client dials, waits for the answer and
 * dials again; every answered call is kept until a failover takes it, then hung up through the new
 * holder to see whether it survived.
 */
final class DialLoad implements AutoCloseable {
    /** A call the load got answered, and when. */
    record Up(RayoCall call, long answeredAt) { }

    /** What became of the calls up at one failover. */
    record Survival(int up, int lost, long duplicated, long youngestLostMs, long oldestLostMs) { }

    final AtomicLong dials = new AtomicLong(), refused = new AtomicLong(), silent = new AtomicLong();
    private final List<Up> up = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    DialLoad(List<RayoClient> clients) {
        for (RayoClient c : clients) {
            c.setTimeout(Duration.ofSeconds(10));
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    dials.incrementAndGet();
                    try {
                        RayoCall call = c.dial("sip:failover@example.com", null);
                        if (call.awaitSignal(Signal.Type.ANSWERED, Duration.ofSeconds(10)) != null) up.add(new Up(call, System.nanoTime()));
                        Thread.sleep(50);
                    } catch (RayoException e) {
                        if (e.getMessage() != null && e.getMessage().startsWith("no answer within")) silent.incrementAndGet();
                        else refused.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "failover-load");
            t.start();
            threads.add(t);
        }
    }

    /** Every call up now, however young; the load keeps the ones answered from now on. */
    List<Up> takeUp() {
        List<Up> live = new ArrayList<>(up);
        up.removeAll(live);
        return live;
    }

    /** Hangs up every call of {@code live} (up at {@code failedAt}); a call that cannot be hung up or never ends was lost. */
    static Survival hangUp(List<Up> live, long failedAt) throws InterruptedException {
        int lost = 0;
        long duplicated = 0, youngest = -1, oldest = -1;
        for (Up u : live) {
            RayoCall call = u.call();
            long ageMs = (failedAt - u.answeredAt()) / 1_000_000;
            String why = null;
            try {
                call.hangup();
                if (call.await(End.class, Duration.ofSeconds(10)) == null) why = "no end after hangup";
            } catch (RayoException e) {
                why = "hangup refused (" + e.getMessage() + ")";
            }
            if (why != null) {
                lost++;
                youngest = youngest < 0 ? ageMs : Math.min(youngest, ageMs);
                oldest = Math.max(oldest, ageMs);
                System.out.printf("  lost %s, answered %d ms before the failure: %s%n", call.id(), ageMs, why);
            }
            duplicated += duplicates(call.events());
        }
        return new Survival(live.size(), lost, duplicated, youngest, oldest);
    }

    /** Events a call saw more than once (two answered, two ends): each is a duplicate. */
    static long duplicates(List<RayoElement> events) {
        long answered = events.stream().filter(e -> e instanceof Signal s && s.type() == Signal.Type.ANSWERED).count();
        long ends = events.stream().filter(e -> e instanceof End).count();
        return Math.max(0, answered - 1) + Math.max(0, ends - 1);
    }

    /** Dials until one is routed (ref received); returns System.nanoTime() of that moment. */
    static long untilDialWorks(RayoClient probe, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            try {
                RayoCall c = probe.dial("sip:probe@example.com", null);
                long at = System.nanoTime();
                c.hangup();
                return at;
            } catch (RayoException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(20);
            }
        }
    }

    @Override public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) t.join(15_000);
    }
}
