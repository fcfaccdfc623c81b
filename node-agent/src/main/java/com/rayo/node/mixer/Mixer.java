package com.rayo.node.mixer;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rayo.node.media.Audio;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaListener;
import com.rayo.node.media.PlaySource;

/**
 * An audio mixer of our own (rtpengine cannot mix): once per 20 ms tick it takes one frame from
 * every participant that sends (from a small jitter buffer), sums them with the mixer's own
 * sources (announcements) in 32-bit, and gives every participant that hears the total minus its
 * own voice, clipped to 16 bits. Listeners of the mixer (a conference recording) get the total.
 * Speaking starts and stops per participant are reported through {@link Events}.
 */
public final class Mixer {
    /** How a participant takes part, as Rayo's join {@code direction} says from the call's side. */
    public enum Direction {
        /** Speaks and hears. */
        DUPLEX,
        /** Speaks only: its voice goes into the mix, it hears nothing. */
        SEND,
        /** Hears only. */
        RECV;

        boolean sends() { return this != RECV; }

        boolean hears() { return this != SEND; }

        public static Direction of(String rayo) {
            return rayo == null ? DUPLEX : switch (rayo) {
                case "send" -> SEND;
                case "recv" -> RECV;
                case "duplex" -> DUPLEX;
                default -> throw new IllegalArgumentException("join direction must be duplex, send or recv, not '" + rayo + "'");
            };
        }
    }

    /** What the mixer reports; called on the mixer's tick. */
    public interface Events {
        void speaking(String participant, boolean started);
    }

    /** Frames wait at most this many ticks; a burst beyond drops the oldest (delay stays under 80 ms). */
    static final int JITTER_FRAMES = 4;

    private final String name;
    private final SpeechDetector detector;
    private final Events events;
    private final Map<String, Participant> participants = new ConcurrentHashMap<>();
    private final List<PlaySource> sources = new CopyOnWriteArrayList<>();
    private final List<MediaListener> listeners = new CopyOnWriteArrayList<>();

    public Mixer(String name, SpeechDetector detector, Events events) {
        this.name = name;
        this.detector = detector;
        this.events = events;
    }

    public String name() { return name; }

    /** One call in the mixer: hears the call (a listener of its media) and plays the mix to it (a source of its media). */
    public final class Participant implements MediaListener, PlaySource {
        final String id;
        final Direction direction;
        final CallMedia media;
        private final ArrayDeque<short[]> heard = new ArrayDeque<>();
        private final SpeechDetector.State speech = detector.newState();
        /** This tick's frame of the participant (null: silent), and what it gets back. */
        private short[] in;
        private volatile short[] out;

        Participant(String id, Direction direction, CallMedia media) {
            this.id = id;
            this.direction = direction;
            this.media = media;
        }

        @Override public void heard(short[] frame) {
            if (!direction.sends()) return;
            synchronized (heard) {
                if (heard.size() >= JITTER_FRAMES) heard.poll();
                heard.add(frame);
            }
        }

        @Override public short[] nextFrame() {
            short[] f = out;
            out = null;
            return f;
        }

        public boolean speaking() { return speech.speaking(); }

        public Direction direction() { return direction; }

        private short[] poll() {
            synchronized (heard) {
                return heard.poll();
            }
        }
    }

    /** Adds a call; its media starts feeding the mixer and playing the mix. */
    public Participant join(String id, CallMedia media, Direction direction) {
        Participant p = new Participant(id, direction, media);
        if (participants.putIfAbsent(id, p) != null) throw new IllegalStateException(id + " is already in mixer " + name);
        media.addListener(p);
        media.addSource(p);
        return p;
    }

    /** Removes a call; false when it was not in the mixer. */
    public boolean leave(String id) {
        Participant p = participants.remove(id);
        if (p == null) return false;
        p.media.removeListener(p);
        p.media.removeSource(p);
        if (p.speech.speaking()) events.speaking(id, false);
        return true;
    }

    public int size() { return participants.size(); }

    public Map<String, Participant> participants() { return Map.copyOf(participants); }

    /** An announcement to everyone (an output addressed to the mixer). */
    public void addSource(PlaySource s) { sources.add(s); }
    public void removeSource(PlaySource s) { sources.remove(s); }

    /**
     * Hears the mixer each tick, as a call's recording hears a call: {@link MediaListener#heard} gets the
     * participants' voices, then {@link MediaListener#sent} the mixer's own sources (announcements, a
     * recording's beep) — so a duplex recording holds the whole mix.
     */
    public void addListener(MediaListener l) { listeners.add(l); }
    public void removeListener(MediaListener l) { listeners.remove(l); }

    /** One 20 ms tick: read every sender, mix, hand each hearer its frame. Runs before the calls' own ticks. */
    public void tick() {
        int[] voices = new int[Audio.FRAME];
        boolean anyVoice = false;
        for (Participant p : participants.values()) {
            p.in = p.direction.sends() ? p.poll() : null;
            double level = p.in == null ? 0 : Audio.rms(p.in);
            if (p.direction.sends() && p.speech.feed(level)) events.speaking(p.id, p.speech.speaking());
            if (p.in != null) {
                add(voices, p.in);
                anyVoice = true;
            }
        }
        short[] announced = PlaySource.mixNext(sources);
        if (!listeners.isEmpty()) {
            short[] heard = anyVoice ? clip(voices, null) : null;
            for (MediaListener l : listeners) {
                l.heard(heard);
                l.sent(announced);
            }
        }
        boolean any = anyVoice || announced != null;
        if (announced != null) add(voices, announced);
        for (Participant p : participants.values()) p.out = p.direction.hears() && any ? clip(voices, p.in) : null;
    }

    private static void add(int[] total, short[] frame) {
        for (int i = 0; i < total.length && i < frame.length; i++) total[i] += frame[i];
    }

    /** The total minus {@code own} (may be null), clipped to 16 bits. */
    private static short[] clip(int[] total, short[] own) {
        short[] out = new short[total.length];
        for (int i = 0; i < out.length; i++) {
            int v = total[i] - (own != null && i < own.length ? own[i] : 0);
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return out;
    }
}
