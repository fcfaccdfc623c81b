package com.rayo.node.media;

import java.util.ArrayDeque;

/**
 * One direction of a join: what one call hears is played into another. Frames wait in a small
 * queue between the receive thread and the other call's clock tick; a burst beyond a few frames
 * drops the oldest, so the delay stays under ~60 ms rather than growing. Keys pressed on the
 * hearing side are sent on as RFC 4733 events.
 */
public final class Bridge implements MediaListener, PlaySource {
    private static final int MAX_QUEUED = 3;
    private final CallMedia to;
    private final ArrayDeque<short[]> frames = new ArrayDeque<>();

    /** Carries what the call this listens to hears into {@code to}. */
    public Bridge(CallMedia to) { this.to = to; }

    @Override public synchronized void heard(short[] frame) {
        if (frames.size() >= MAX_QUEUED) frames.poll();
        frames.add(frame);
    }

    @Override public synchronized short[] nextFrame() { return frames.poll(); }

    @Override public void digit(char key) { to.sendDigits(String.valueOf(key)); }
}
