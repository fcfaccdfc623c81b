package com.rayo.node.media;

/** Something the node plays into a call: asked for one 20 ms frame per tick of the media clock. */
public interface PlaySource {
    /** The next {@link Audio#FRAME} samples, or null to add nothing this tick. Called on the media clock thread. */
    short[] nextFrame();

    /** One frame of each source, summed with clipping; null when all are silent. */
    static short[] mixNext(Iterable<? extends PlaySource> sources) {
        short[] frame = null;
        for (PlaySource s : sources) frame = Audio.mix(frame, s.nextFrame());
        return frame;
    }
}
