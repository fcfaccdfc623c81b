package com.rayo.node.verbs;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

import com.rayo.node.backend.CommandResult;
import com.rayo.node.media.Audio;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaListener;
import com.rayo.node.media.PlaySource;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Record;
import com.rayo.protocol.xml.XmlElement;

/**
 * Records the call on the media clock: each 20 ms tick appends one frame — what the far end
 * sent ({@code recv}), what the node sent ({@code send}), or their sum ({@code duplex}) — so
 * the WAV's length is the time recorded even when the far end sends nothing. Voice is an RMS
 * level over a threshold; the timeouts count frames, not wall time.
 */
final class RecordComponent extends Component implements MediaListener, PlaySource {
    /** About -36 dBFS: speech and tones are above it, line noise and silence below. */
    static final double VOICE_RMS = 500;
    private static final int MAX_QUEUED = 50;
    /** Without max-duration a recording still ends here (its samples are in memory until written: ~58 MB). */
    static final long LONGEST_MILLIS = 60 * 60 * 1000L;
    private static final Audio BEEP = Audio.tone(1000, 250, 0.5);

    private final Record spec;
    private final CallMedia media;
    private final VerbContext ctx;
    private final String direction;
    private final ArrayDeque<short[]> heard = new ArrayDeque<>();
    private short[] recorded = new short[Audio.RATE * 10];
    private int length;
    private int beepAt;
    private boolean beeping;
    private boolean paused;
    private boolean voiceSeen;
    /** A limit was reached on the clock: the completion (and the file) is on its way; record nothing more. */
    private boolean limitReached;
    private int ticks;
    private int lastVoiceTick;
    private XmlElement result;

    RecordComponent(String id, Sink sink, Record spec, CallMedia media, VerbContext ctx) {
        super(id, sink);
        this.spec = spec;
        this.media = media;
        this.ctx = ctx;
        this.direction = spec.direction() == null ? "duplex" : spec.direction();
        this.paused = Boolean.TRUE.equals(spec.startPaused());
        this.beeping = Boolean.TRUE.equals(spec.startBeep());
    }

    @Override void start() {
        if (beeping) media.addSource(this);
        media.addListener(this);
    }

    /** The start beep, then nothing: recording starts once it has been sent. */
    @Override public synchronized short[] nextFrame() {
        if (!beeping) return null;
        short[] frame = new short[Audio.FRAME];
        int n = Math.min(frame.length, BEEP.samples().length - beepAt);
        System.arraycopy(BEEP.samples(), beepAt, frame, 0, n);
        beepAt += n;
        return frame;
    }

    @Override public void heard(short[] frame) {
        synchronized (heard) {
            if (heard.size() < MAX_QUEUED) heard.add(frame);
        }
    }

    @Override public void sent(short[] frame) {
        XmlElement reason = null;
        synchronized (this) {
            if (done() || limitReached) return;
            if (beeping) {
                if (beepAt >= BEEP.samples().length) {
                    beeping = false;
                    media.removeSource(this);
                }
                drainHeard();
                return;
            }
            short[] in = pollHeard();
            if (paused) return;
            short[] mixed = switch (direction) {
                case "send" -> frame;
                case "recv" -> in;
                default -> Audio.mix(frame, in);
            };
            append(mixed);
            ticks++;
            if (mixed != null && Audio.rms(mixed) > VOICE_RMS) {
                voiceSeen = true;
                lastVoiceTick = ticks;
            }
            long ms = ticks * 20L;
            long max = spec.maxDuration() != null && spec.maxDuration() > 0 ? Math.min(spec.maxDuration(), LONGEST_MILLIS) : LONGEST_MILLIS;
            if (ms >= max) reason = Reasons.RECORD_MAX_DURATION;
            else if (!voiceSeen && spec.initialTimeout() != null && spec.initialTimeout() > 0 && ms >= spec.initialTimeout()) reason = Reasons.RECORD_INITIAL_TIMEOUT;
            else if (voiceSeen && spec.finalTimeout() != null && spec.finalTimeout() > 0 && (ticks - lastVoiceTick) * 20L >= spec.finalTimeout()) {
                reason = Reasons.RECORD_FINAL_TIMEOUT;
            }
        }
        if (reason == null) return;
        synchronized (this) {
            limitReached = true;
        }
        // Writing the WAV takes time in proportion to its length: not on the clock every call's RTP waits for.
        XmlElement why = reason;
        ctx.background().execute(() -> complete(why));
    }

    private short[] pollHeard() {
        synchronized (heard) {
            short[] f = heard.poll();
            // Jitter bursts leave frames queued: keep the delay small rather than the recording late.
            while (heard.size() > 5) heard.poll();
            return f;
        }
    }

    private void drainHeard() {
        synchronized (heard) {
            heard.clear();
        }
    }

    private void append(short[] frame) {
        if (length + Audio.FRAME > recorded.length) recorded = java.util.Arrays.copyOf(recorded, recorded.length * 2);
        if (frame != null) System.arraycopy(frame, 0, recorded, length, Math.min(frame.length, Audio.FRAME));
        length += Audio.FRAME;
    }

    @Override CommandResult command(ComponentCommand c) {
        if (!c.namespace().equals(RayoNamespaces.RECORD)) return super.command(c);
        synchronized (this) {
            paused = c.name().equals("pause");
        }
        return CommandResult.OK;
    }

    @Override void release() {
        media.removeListener(this);
        media.removeSource(this);
    }

    /** The WAV, saved where the owner can fetch it: {@code <recording uri duration size/>}. */
    @Override synchronized List<XmlElement> results() {
        if (result == null) {
            Audio audio = new Audio(java.util.Arrays.copyOf(recorded, length));
            XmlElement.Builder r = XmlElement.builder("recording", RayoNamespaces.RECORD_COMPLETE).attr("duration", audio.millis());
            try {
                Recordings.Saved saved = ctx.recordings().save(audio, spec.owner());
                r.attr("uri", saved.uri()).attr("size", saved.size());
            } catch (IOException e) {
                r.attr("uri", "").attr("size", 0);
            }
            result = r.build();
        }
        return List.of(result);
    }
}
