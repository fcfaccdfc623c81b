package com.rayo.node.verbs;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.rayo.node.backend.CommandResult;
import com.rayo.node.media.Audio;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.PlaySource;
import com.rayo.node.render.RenderException;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.Output;
import com.rayo.protocol.rayo.RayoNamespaces;

/**
 * Plays an output's rendered documents into the call, frame by frame on the media clock: so
 * pause, seek, speed and volume act on the next 20 ms, and {@code finish} comes when the last
 * frame has gone out. Speed is resampling (pitch follows); volume a gain in 3 dB steps.
 */
final class OutputComponent extends Component implements PlaySource {
    private static final double SPEED_STEP = 0.25, MIN_SPEED = 0.5, MAX_SPEED = 2.0;
    private static final double VOLUME_STEP = Math.sqrt(2), MIN_GAIN = 1.0 / 8, MAX_GAIN = 4;

    private final Output spec;
    private final CallMedia media;
    private final VerbContext ctx;
    /** Null until rendered. */
    private Audio audio;
    private double position;
    private boolean paused;
    private double speed = 1;
    private double gain = 1;
    private int passesLeft;
    private int gapLeft;
    private ScheduledFuture<?> maxTime;

    OutputComponent(String id, Sink sink, Output spec, CallMedia media, VerbContext ctx) {
        super(id, sink);
        this.spec = spec;
        this.media = media;
        this.ctx = ctx;
        int times = spec.repeatTimes() == null ? 1 : spec.repeatTimes();
        this.passesLeft = times <= 0 ? Integer.MAX_VALUE : times;
        this.paused = Boolean.TRUE.equals(spec.startPaused());
    }

    @Override void start() {
        ctx.renderer().render(spec.documents(), spec.voice()).whenComplete((a, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                complete(Reasons.error(cause instanceof RenderException ? cause.getMessage() : "rendering failed: " + cause));
                return;
            }
            synchronized (this) {
                if (done()) return;
                audio = a;
                position = Math.min(a.samples().length, Audio.samplesOf(spec.startOffset() == null ? 0 : spec.startOffset()));
                if (spec.maxTime() != null && spec.maxTime() > 0) {
                    maxTime = ctx.timer().schedule(() -> complete(Reasons.OUTPUT_MAX_TIME), spec.maxTime(), TimeUnit.MILLISECONDS);
                }
            }
            media.addSource(this);
        });
    }

    @Override public short[] nextFrame() {
        short[] out = new short[Audio.FRAME];
        int filled = 0;
        synchronized (this) {
            if (audio == null || paused || done()) return null;
            short[] s = audio.samples();
            while (filled < out.length) {
                if (gapLeft > 0) {
                    gapLeft--;
                    filled++;
                    continue;
                }
                if (position >= s.length) {
                    if (--passesLeft <= 0) break;
                    position = 0;
                    gapLeft = Audio.samplesOf(spec.repeatInterval() == null ? 0 : spec.repeatInterval());
                    continue;
                }
                out[filled++] = Audio.clip(s[(int) position] * gain);
                position += speed;
            }
        }
        if (filled < out.length) complete(Reasons.OUTPUT_FINISH);
        return filled == 0 ? null : out;
    }

    @Override void release() {
        media.removeSource(this);
        ScheduledFuture<?> t;
        synchronized (this) {
            t = maxTime;
        }
        if (t != null) t.cancel(false);
    }

    @Override CommandResult command(ComponentCommand c) {
        if (!c.namespace().equals(RayoNamespaces.OUTPUT)) return super.command(c);
        synchronized (this) {
            switch (c.name()) {
                case "pause" -> paused = true;
                case "resume" -> paused = false;
                case "speed-up" -> speed = Math.min(MAX_SPEED, speed + SPEED_STEP);
                case "speed-down" -> speed = Math.max(MIN_SPEED, speed - SPEED_STEP);
                case "volume-up" -> gain = Math.min(MAX_GAIN, gain * VOLUME_STEP);
                case "volume-down" -> gain = Math.max(MIN_GAIN, gain / VOLUME_STEP);
                case "seek" -> {
                    int amount = Audio.samplesOf(Long.parseLong(c.attributes().get("amount")));
                    double to = position + ("back".equals(c.attributes().get("direction")) ? -amount : amount);
                    position = Math.max(0, audio == null ? to : Math.min(audio.samples().length, to));
                }
                default -> {
                    return CommandResult.refuse(StanzaError.FEATURE_NOT_IMPLEMENTED, "<" + c.name() + "> is not an output command");
                }
            }
        }
        return CommandResult.OK;
    }
}
