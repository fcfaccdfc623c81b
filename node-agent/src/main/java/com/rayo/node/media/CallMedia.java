package com.rayo.node.media;

/** A call's media as the verbs use it: sources to play, listeners to hear, digits to send. */
public interface CallMedia {
    void addSource(PlaySource source);

    void removeSource(PlaySource source);

    void addListener(MediaListener listener);

    void removeListener(MediaListener listener);

    /** Sends DTMF keys to the far end as RFC 4733 events, one after the other. */
    void sendDigits(String keys);
}
