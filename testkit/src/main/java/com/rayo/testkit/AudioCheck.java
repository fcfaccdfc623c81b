package com.rayo.testkit;

/** Measurements of heard audio: loudness, the level of one frequency (Goertzel), how long sound lasted. */
public final class AudioCheck {
    private AudioCheck() {}

    public static double rms(short[] s) {
        if (s.length == 0) return 0;
        double sum = 0;
        for (short v : s) sum += (double) v * v;
        return Math.sqrt(sum / s.length);
    }

    /** The power of {@code hz} in 8 kHz samples relative to the signal's total power (0-1): near 1 for a pure tone. */
    public static double toneShare(short[] s, double hz) {
        if (s.length == 0) return 0;
        double w = 2 * Math.PI * hz / 8000, coeff = 2 * Math.cos(w);
        double q1 = 0, q2 = 0, energy = 0;
        for (short v : s) {
            double q0 = coeff * q1 - q2 + v;
            q2 = q1;
            q1 = q0;
            energy += (double) v * v;
        }
        double power = q1 * q1 + q2 * q2 - coeff * q1 * q2;
        return energy == 0 ? 0 : 2 * power / (s.length * energy);
    }

    /** Milliseconds of 20 ms frames louder than {@code rms}. */
    public static long loudMillis(short[] s, double rms) {
        long frames = 0;
        for (int i = 0; i + 160 <= s.length; i += 160) {
            short[] f = java.util.Arrays.copyOfRange(s, i, i + 160);
            if (rms(f) > rms) frames++;
        }
        return frames * 20;
    }
}
