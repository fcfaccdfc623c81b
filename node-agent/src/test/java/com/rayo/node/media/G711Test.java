package com.rayo.node.media;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class G711Test {
    @Test void silenceHasItsStandardCodes() {
        assertEquals((byte) 0xFF, G711.ulaw(0));
        assertEquals((byte) 0xD5, G711.alaw(0));
        assertEquals(0, G711.fromUlaw((byte) 0xFF));
    }

    @Test void everyLevelComesBackWithinTheCompandingStep() {
        for (int v = -32768; v <= 32767; v += 7) {
            int tolerance = Math.max(16, Math.abs(v) / 16); // a segment's step is 1/16 of its range
            assertEquals(v, G711.fromUlaw(G711.ulaw(v)), tolerance, "µ-law " + v);
            assertEquals(v, G711.fromAlaw(G711.alaw(v)), tolerance, "A-law " + v);
        }
    }

    @Test void everyCodeDecodesToAValueThatEncodesBackToItself() {
        for (int b = 0; b < 256; b++) {
            byte code = (byte) b;
            if (b != 0x7F) assertEquals(code, G711.ulaw(G711.fromUlaw(code)), "µ-law code " + b); // 0x7F is µ-law's negative zero
            assertEquals(code, G711.alaw(G711.fromAlaw(code)), "A-law code " + b);
        }
    }
}
