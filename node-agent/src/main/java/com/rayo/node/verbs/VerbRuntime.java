package com.rayo.node.verbs;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.rayo.node.render.AudioFetcher;
import com.rayo.node.render.DocumentRenderer;
import com.rayo.node.render.Tts;

/** A node's verb machinery built from its settings: renderer threads, the timer, the recordings server. */
public final class VerbRuntime implements AutoCloseable {
    /** Renders documents and writes recordings: off the XMPP reader and the media clock. */
    private final ExecutorService background;
    private final ScheduledExecutorService timer;
    private final Recordings recordings;
    private final VerbContext context;

    public VerbRuntime(VerbSettings s, String name) throws IOException {
        background = Executors.newFixedThreadPool(2, daemon("verbs-work-" + name));
        timer = Executors.newSingleThreadScheduledExecutor(daemon("verbs-timer-" + name));
        recordings = new Recordings(s.recordingsDir(), s.recordingsBind(), s.recordingsPort(), s.recordingsHost(), s.recordingsRetention(),
                new XmppCredentials(s.recordingsXmpp(), Clock.systemUTC(), Duration.ofMinutes(5)));
        DocumentRenderer renderer = new DocumentRenderer(new Tts(s.workDir(), s.ttsTimeout().toMillis()), new AudioFetcher(s.fileRoots(), s.fetchTimeout()),
                background, Clock.systemUTC(), s.urlCacheTtl().toMillis(), s.cacheSizeMb() * 1024 * 1024 / 2);
        context = new VerbContext(renderer, timer, background, recordings, s.interDigitTimeout());
        timer.scheduleWithFixedDelay(recordings::expire, 1, 60, TimeUnit.MINUTES);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public VerbContext context() { return context; }

    public Recordings recordings() { return recordings; }

    @Override public void close() {
        background.shutdownNow();
        timer.shutdownNow();
        recordings.close();
    }
}
