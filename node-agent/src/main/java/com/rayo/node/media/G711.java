package com.rayo.node.media;

/** ITU-T G.711 µ-law (payload type 0) and A-law (8): 16-bit linear PCM to one byte per sample and back. */
public final class G711 {
    private G711() {}

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;

    public static byte ulaw(int pcm) {
        int sign = pcm < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(pcm), ULAW_CLIP) + ULAW_BIAS;
        int exponent = segment(magnitude);
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short fromUlaw(byte u) {
        int x = ~u & 0xFF;
        int exponent = (x >> 4) & 7;
        int magnitude = (((x & 0x0F) << 3) + ULAW_BIAS << exponent) - ULAW_BIAS;
        return (short) ((x & 0x80) != 0 ? -magnitude : magnitude);
    }

    public static byte alaw(int pcm) {
        int sign = pcm >= 0 ? 0x80 : 0;
        int magnitude = Math.min(pcm >= 0 ? pcm : -pcm - 1, 32767);
        int code;
        if (magnitude < 256) {
            code = magnitude >> 4;
        } else {
            int exponent = segment(magnitude);
            code = exponent << 4 | (magnitude >> (exponent + 3)) & 0x0F;
        }
        return (byte) ((sign | code) ^ 0x55);
    }

    public static short fromAlaw(byte a) {
        int x = (a ^ 0x55) & 0xFF;
        int exponent = (x >> 4) & 7;
        int mantissa = x & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) ((x & 0x80) != 0 ? magnitude : -magnitude);
    }

    /** The segment of a magnitude: how far its top bit is above bit 7 (0-7). */
    private static int segment(int magnitude) {
        int top = 31 - Integer.numberOfLeadingZeros(magnitude >> 7);
        return Math.max(0, Math.min(7, top));
    }

    public static byte[] encode(short[] pcm, boolean alaw) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) out[i] = alaw ? alaw(pcm[i]) : ulaw(pcm[i]);
        return out;
    }

    public static short[] decode(byte[] data, int offset, int length, boolean alaw) {
        short[] out = new short[length];
        for (int i = 0; i < length; i++) out[i] = alaw ? fromAlaw(data[offset + i]) : fromUlaw(data[offset + i]);
        return out;
    }
}
