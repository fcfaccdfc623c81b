package com.rayo.testkit;

/** Measurements of heard audio (loudness, the level of one frequency by Goertzel, how long sound lasted) and known audio to send. */
public final class AudioCheck {
    private AudioCheck() {}

    /** A 16-bit 8 kHz mono WAV of one sine tone at about a third of full scale. */
    public static void writeTone(java.nio.file.Path file, double hz, long millis) throws java.io.IOException {
        int n = (int) (8 * millis);
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            short v = (short) (12000 * Math.sin(2 * Math.PI * hz * i / 8000));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        javax.sound.sampled.AudioFormat f = new javax.sound.sampled.AudioFormat(8000, 16, 1, true, false);
        javax.sound.sampled.AudioSystem.write(new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm), f, n),
                javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
    }

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

    /**
     * Milliseconds of 100 ms windows in which {@code hz} holds more than {@code minShare} of the power. Unlike
     * {@link #toneShare} over a whole recording, a frame lost or late on the way (a phase jump) costs one window, not
     * the coherence of the whole sum.
     */
    public static long toneMillis(short[] s, double hz, double minShare) {
        long windows = 0;
        for (int i = 0; i + 800 <= s.length; i += 800) {
            if (toneShare(java.util.Arrays.copyOfRange(s, i, i + 800), hz) > minShare) windows++;
        }
        return windows * 100;
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
