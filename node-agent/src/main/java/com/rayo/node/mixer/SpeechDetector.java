package com.rayo.node.mixer;

/**
 * Energy-based active-speaker detection with hysteresis: speaking starts after a few loud frames
 * in a row and stops only after a longer run of quiet ones, so a breath or a plosive neither
 * starts nor ends a turn. Levels are RMS of 16-bit samples; one call per 20 ms frame.
 *
 * @param startLevel  RMS above which a frame counts as loud
 * @param stopLevel   RMS below which a frame counts as quiet (lower than startLevel: the hysteresis)
 * @param startFrames loud frames in a row that start speaking
 * @param stopFrames  quiet frames in a row that stop it
 */
public record SpeechDetector(double startLevel, double stopLevel, int startFrames, int stopFrames) {
    /** About -30 dBFS to start within 60 ms, below -40 dBFS for 400 ms to stop. */
    public static final SpeechDetector DEFAULT = new SpeechDetector(1000, 300, 3, 20);

    public SpeechDetector {
        if (stopLevel > startLevel) throw new IllegalArgumentException("the stop level must not be above the start level");
        if (startFrames < 1 || stopFrames < 1) throw new IllegalArgumentException("frame counts must be positive");
    }

    /** One participant's state; not thread-safe (the mixer's tick owns it). */
    public final class State {
        private boolean speaking;
        private int run;

        /** Feeds one frame's level; true when the speaking state changed. */
        public boolean feed(double rms) {
            boolean loud = rms > startLevel, quiet = rms < stopLevel;
            if (!speaking) {
                run = loud ? run + 1 : 0;
                if (run >= startFrames) return flip();
            } else {
                run = quiet ? run + 1 : 0;
                if (run >= stopFrames) return flip();
            }
            return false;
        }

        private boolean flip() {
            speaking = !speaking;
            run = 0;
            return true;
        }

        public boolean speaking() { return speaking; }
    }

    public State newState() { return new State(); }
}
