package com.rayo.node.media;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    static short[] tone(double hz, int rate, int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) s[i] = (short) (10000 * Math.sin(2 * Math.PI * hz * i / rate));
        return s;
    }


    @Test void aTtsVoiceAt22kHzKeepsItsLengthAndPitch() {
        short[] out = Resampler.to8k(tone(1000, 22050, 22050), 22050);
        assertEquals(8000, out.length, 2, "one second stays one second");
        assertTrue(com.rayo.testkit.AudioCheck.toneShare(out, 1000) > 0.9, "1 kHz stays 1 kHz");
        assertEquals(10000 / Math.sqrt(2), Audio.rms(out), 300, "and as loud");
    }

    @Test void whatLiesAboveTheTelephoneBandIsFilteredNotFoldedIn() {
        short[] out = Resampler.to8k(tone(6000, 22050, 22050), 22050);
        assertTrue(Audio.rms(out) < 500, "6 kHz would alias to 2 kHz; it is attenuated instead: rms " + Audio.rms(out));
    }
}
