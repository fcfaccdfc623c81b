package com.rayo.node.media;

/**
 * Sample-rate conversion to 8 kHz by windowed-sinc interpolation, low-passed below the new
 * Nyquist frequency so a 22 kHz TTS voice does not alias into the telephone band.
 */
final class Resampler {
    private Resampler() {}

    private static final int HALF_TAPS = 16;

    static short[] to8k(short[] in, int fromRate) { return resample(in, fromRate, Audio.RATE); }

    /** Also used for speed changes: playing {@code in} as if it were recorded at {@code fromRate}. */
    static short[] resample(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate || in.length == 0) return in;
        double step = (double) fromRate / toRate;
        int n = (int) Math.floor(in.length / step);
        short[] out = new short[n];
        // Cut-off relative to the input rate: the lower of the two Nyquist frequencies, with margin.
        double cutoff = 0.95 * Math.min(1.0, (double) toRate / fromRate);
        for (int i = 0; i < n; i++) {
            double t = i * step;
            int centre = (int) Math.floor(t);
            double sum = 0, weight = 0;
            for (int k = centre - HALF_TAPS + 1; k <= centre + HALF_TAPS; k++) {
                if (k < 0 || k >= in.length) continue;
                double x = t - k;
                double w = cutoff * sinc(cutoff * x) * blackman(x / HALF_TAPS);
                sum += in[k] * w;
                weight += w;
            }
            out[i] = Audio.clip(weight == 0 ? 0 : sum / weight);
        }
        return out;
    }

    private static double sinc(double x) {
        return Math.abs(x) < 1e-9 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** Blackman window over [-1, 1]. */
    private static double blackman(double x) {
        if (Math.abs(x) >= 1) return 0;
        double p = Math.PI * (x + 1);
        return 0.42 - 0.5 * Math.cos(p) + 0.08 * Math.cos(2 * p);
    }
}
