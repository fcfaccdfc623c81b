package com.rayo.node.media;

/** Something the node plays into a call: asked for one 20 ms frame per tick of the media clock. */
public interface PlaySource {
    /** The next {@link Audio#FRAME} samples, or null to add nothing this tick. Called on the media clock thread. */
    short[] nextFrame();
}
