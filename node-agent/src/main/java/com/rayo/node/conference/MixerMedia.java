package com.rayo.node.conference;

import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaListener;
import com.rayo.node.media.PlaySource;
import com.rayo.node.mixer.Mixer;

/**
 * A mixer as the verbs see a call: an output plays to every participant, a record hears the
 * participants as what the far end said and the announcements as what the node sent.
 */
final class MixerMedia implements CallMedia {
    private final Mixer mixer;

    MixerMedia(Mixer mixer) { this.mixer = mixer; }

    @Override public void addSource(PlaySource source) { mixer.addSource(source); }
    @Override public void removeSource(PlaySource source) { mixer.removeSource(source); }
    @Override public void addListener(MediaListener listener) { mixer.addListener(listener); }
    @Override public void removeListener(MediaListener listener) { mixer.removeListener(listener); }

    /** Keys go to calls, not to rooms. */
    @Override public void sendDigits(String keys) { }
}
