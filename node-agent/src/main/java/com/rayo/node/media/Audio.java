package com.rayo.node.media;

import java.util.List;

/**
 * Telephone audio as the node handles it: 8 kHz, mono, 16-bit linear samples. Rendered
 * prompts, recordings and the mixer's input all use it; codecs convert at the RTP edge.
 */
public record Audio(short[] samples) {
    public static final int RATE = 8000;
    /** One RTP packet's worth: 20 ms. */
    public static final int FRAME = 160;
    public static final Audio EMPTY = new Audio(new short[0]);

    public long millis() { return samples.length * 1000L / RATE; }

    public static int samplesOf(long millis) { return (int) Math.min(Integer.MAX_VALUE, millis * RATE / 1000); }

    /** A sine tone at {@code amplitude} (0-1 of full scale). */
    public static Audio tone(double hz, long millis, double amplitude) {
        short[] s = new short[samplesOf(millis)];
        for (int i = 0; i < s.length; i++) s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / RATE));
        return new Audio(s);
    }

    public static Audio concat(List<Audio> parts) {
        int n = 0;
        for (Audio a : parts) n += a.samples.length;
        short[] out = new short[n];
        int at = 0;
        for (Audio a : parts) {
            System.arraycopy(a.samples, 0, out, at, a.samples.length);
            at += a.samples.length;
        }
        return new Audio(out);
    }

    /** Root-mean-square level of a frame, 0-32767. */
    public static double rms(short[] frame) {
        if (frame.length == 0) return 0;
        double sum = 0;
        for (short v : frame) sum += (double) v * v;
        return Math.sqrt(sum / frame.length);
    }

    /** Sums two frames with clipping; either may be null (silence). */
    public static short[] mix(short[] a, short[] b) {
        if (a == null) return b;
        if (b == null) return a;
        short[] out = new short[Math.max(a.length, b.length)];
        for (int i = 0; i < out.length; i++) {
            int v = (i < a.length ? a[i] : 0) + (i < b.length ? b[i] : 0);
            out[i] = clip(v);
        }
        return out;
    }

    public static short clip(double v) { return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v))); }
}
