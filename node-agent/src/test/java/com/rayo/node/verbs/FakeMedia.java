package com.rayo.node.verbs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rayo.node.media.Audio;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaListener;
import com.rayo.node.media.PlaySource;

/** A call's media driven by the test: each {@link #tick} is 20 ms; what the verbs played is kept frame by frame. */
final class FakeMedia implements CallMedia {
    final List<PlaySource> sources = new CopyOnWriteArrayList<>();
    final List<MediaListener> listeners = new CopyOnWriteArrayList<>();
    /** One entry per tick: the mixed frame sent, or null. */
    final List<short[]> sent = new ArrayList<>();
    final StringBuilder digitsSent = new StringBuilder();

    @Override public void addSource(PlaySource s) { sources.add(s); }
    @Override public void removeSource(PlaySource s) { sources.remove(s); }
    @Override public void addListener(MediaListener l) { listeners.add(l); }
    @Override public void removeListener(MediaListener l) { listeners.remove(l); }
    @Override public void sendDigits(String keys) { digitsSent.append(keys); }

    /** One 20 ms tick; {@code farEnd} is what the far end says meanwhile (null: nothing). */
    void tick(short[] farEnd) {
        if (farEnd != null) for (MediaListener l : listeners) l.heard(farEnd);
        short[] frame = PlaySource.mixNext(sources);
        sent.add(frame);
        for (MediaListener l : listeners) l.sent(frame);
    }

    void ticks(int n, short[] farEnd) {
        for (int i = 0; i < n; i++) tick(farEnd);
    }

    void press(char key) {
        for (MediaListener l : listeners) l.digit(key);
    }

    /** Ticks that sent sound. */
    long soundFrames() { return sent.stream().filter(f -> f != null && Audio.rms(f) > 100).count(); }
}
