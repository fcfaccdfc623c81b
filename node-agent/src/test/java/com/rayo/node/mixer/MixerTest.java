package com.rayo.node.mixer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.rayo.node.media.Audio;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaListener;
import com.rayo.node.media.PlaySource;

/** The mixer on synthetic audio: who hears whom, clipping, directions, speaking events, jitter. */
class MixerTest {
    /** A call's media driven by the test: {@link #say} is what its phone sends, {@link #heard} what it got back. */
    static final class Line implements CallMedia {
        final List<PlaySource> sources = new CopyOnWriteArrayList<>();
        final List<MediaListener> listeners = new CopyOnWriteArrayList<>();
        final List<short[]> heard = new ArrayList<>();

        @Override public void addSource(PlaySource s) { sources.add(s); }
        @Override public void removeSource(PlaySource s) { sources.remove(s); }
        @Override public void addListener(MediaListener l) { listeners.add(l); }
        @Override public void removeListener(MediaListener l) { listeners.remove(l); }
        @Override public void sendDigits(String keys) { }

        void say(short[] frame) { for (MediaListener l : listeners) l.heard(frame); }

        void pull() {
            heard.add(PlaySource.mixNext(sources));
        }

        short[] all() {
            short[] out = new short[heard.stream().mapToInt(f -> f == null ? Audio.FRAME : f.length).sum()];
            int at = 0;
            for (short[] f : heard) {
                if (f != null) System.arraycopy(f, 0, out, at, f.length);
                at += Audio.FRAME;
            }
            return out;
        }
    }

    final List<String> events = new ArrayList<>();
    final Mixer mixer = new Mixer("sales", SpeechDetector.DEFAULT, (p, started) -> events.add(p + (started ? " started" : " stopped")));

    static short[] frame(double hz, int index, double amplitude) {
        short[] f = new short[Audio.FRAME];
        for (int i = 0; i < f.length; i++) f[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * (index * Audio.FRAME + i) / Audio.RATE));
        return f;
    }

    /** One tick: each line says its tone (null: nothing), the mixer mixes, each line takes its frame. */
    void tick(int index, Line[] lines, double[] tones) {
        for (int i = 0; i < lines.length; i++) if (tones[i] > 0) lines[i].say(frame(tones[i], index, 0.2));
        mixer.tick();
        for (Line l : lines) l.pull();
    }


    /** Lines "a", "b", "c"… joined in that order with these directions. */
    Line[] joined(Mixer.Direction... directions) {
        Line[] lines = new Line[directions.length];
        for (int i = 0; i < lines.length; i++) mixer.join(String.valueOf((char) ('a' + i)), lines[i] = new Line(), directions[i]);
        return lines;
    }

    @Test void everyoneHearsTheOthersAndNotThemselves() {
        Line[] lines = joined(Mixer.Direction.DUPLEX, Mixer.Direction.DUPLEX, Mixer.Direction.DUPLEX);
        Line a = lines[0], c = lines[2];
        for (int t = 0; t < 50; t++) tick(t, lines, new double[] {440, 660, 880});
        short[] heardByA = a.all();
        assertTrue(com.rayo.testkit.AudioCheck.toneShare(heardByA, 440) < 0.01, "A does not hear itself: " + com.rayo.testkit.AudioCheck.toneShare(heardByA, 440));
        assertTrue(com.rayo.testkit.AudioCheck.toneShare(heardByA, 660) > 0.3 && com.rayo.testkit.AudioCheck.toneShare(heardByA, 880) > 0.3, "A hears B and C");
        short[] heardByC = c.all();
        assertTrue(com.rayo.testkit.AudioCheck.toneShare(heardByC, 880) < 0.01 && com.rayo.testkit.AudioCheck.toneShare(heardByC, 440) > 0.3 && com.rayo.testkit.AudioCheck.toneShare(heardByC, 660) > 0.3);
    }

    @Test void sendOnlyHearsNothingAndReceiveOnlyIsNotHeard() {
        Line[] lines = joined(Mixer.Direction.SEND, Mixer.Direction.RECV, Mixer.Direction.DUPLEX);
        Line talker = lines[0], listener = lines[1], both = lines[2];
        for (int t = 0; t < 25; t++) tick(t, lines, new double[] {440, 660, 880});
        assertTrue(talker.heard.stream().allMatch(f -> f == null), "send: hears nothing");
        assertTrue(com.rayo.testkit.AudioCheck.toneShare(both.all(), 660) < 0.01, "recv: its voice is not mixed");
        assertTrue(com.rayo.testkit.AudioCheck.toneShare(both.all(), 440) > 0.3, "send: its voice is");
        assertTrue(com.rayo.testkit.AudioCheck.toneShare(listener.all(), 440) > 0.3 && com.rayo.testkit.AudioCheck.toneShare(listener.all(), 880) > 0.3, "recv: hears the others");
    }

    @Test void loudSumsAreClippedNotWrapped() {
        Line[] lines = joined(Mixer.Direction.DUPLEX, Mixer.Direction.DUPLEX, Mixer.Direction.DUPLEX);
        Line a = lines[0], b = lines[1], c = lines[2];
        short[] loud = new short[Audio.FRAME];
        Arrays.fill(loud, (short) 30000);
        a.say(loud);
        b.say(loud);
        mixer.tick();
        c.pull();
        for (short v : c.heard.get(0)) assertEquals(Short.MAX_VALUE, v, "60000 clips to 32767, never wraps to a negative");
        a.pull();
        assertEquals(30000, a.heard.get(0)[0], "A hears B only: its own 30000 is taken out of the total, not of the clipped mix");
    }

    @Test void speakingStartsAfterThreeLoudFramesAndStopsAfterFourHundredMilliseconds() {
        Line[] lines = joined(Mixer.Direction.DUPLEX, Mixer.Direction.DUPLEX);
        tick(0, lines, new double[] {440, 0});
        tick(1, lines, new double[] {440, 0});
        assertEquals(List.of(), events, "two loud frames: a cough");
        tick(2, lines, new double[] {440, 0});
        assertEquals(List.of("a started"), events);
        for (int t = 3; t < 13; t++) tick(t, lines, new double[] {0, 0});
        tick(13, lines, new double[] {440, 0});
        for (int t = 14; t < 33; t++) tick(t, lines, new double[] {0, 0});
        assertEquals(List.of("a started"), events, "a pause of 200 ms and 19 quiet frames: still speaking");
        tick(33, lines, new double[] {0, 0});
        assertEquals(List.of("a started", "a stopped"), events);
        for (int t = 34; t < 40; t++) tick(t, lines, new double[] {0, 880});
        mixer.leave("b");
        assertEquals(List.of("a started", "a stopped", "b started", "b stopped"), events, "leaving while speaking stops it");
    }

    @Test void aBurstIsTrimmedToTheJitterBufferAndAnnouncementsReachEveryone() {
        Line[] lines = joined(Mixer.Direction.DUPLEX, Mixer.Direction.DUPLEX);
        Line a = lines[0], b = lines[1];
        for (int i = 0; i < 10; i++) a.say(frame(440, i, 0.2));
        for (int t = 0; t < 10; t++) {
            mixer.tick();
            b.pull();
        }
        long played = b.heard.stream().filter(f -> f != null && Audio.rms(f) > 100).count();
        assertEquals(Mixer.JITTER_FRAMES, played, "a burst of 10 frames keeps the newest " + Mixer.JITTER_FRAMES + ": the delay does not grow");

        List<short[]> recording = new ArrayList<>();
        List<short[]> voices = new ArrayList<>();
        mixer.addListener(new MediaListener() {
            @Override public void heard(short[] frame) { voices.add(frame); }
            @Override public void sent(short[] frame) { recording.add(frame); }
        });
        short[] announcement = frame(1000, 0, 0.2);
        mixer.addSource(() -> announcement);
        a.heard.clear();
        b.heard.clear();
        mixer.tick();
        a.pull();
        b.pull();
        assertArrayEquals(announcement, a.heard.get(0));
        assertArrayEquals(announcement, b.heard.get(0));
        assertArrayEquals(announcement, recording.get(0), "a conference recording hears the announcement as what the mixer sent");
        assertNull(voices.get(0), "and no participant spoke");
    }

    @Test void aCallJoinsOnceAndLeavingDetachesIt() {
        Line a = new Line();
        mixer.join("a", a, Mixer.Direction.DUPLEX);
        assertThrows(IllegalStateException.class, () -> mixer.join("a", a, Mixer.Direction.DUPLEX));
        assertTrue(mixer.leave("a"));
        assertFalse(mixer.leave("a"));
        assertTrue(a.sources.isEmpty() && a.listeners.isEmpty());
        assertEquals(Mixer.Direction.SEND, Mixer.Direction.of("send"));
        assertThrows(IllegalArgumentException.class, () -> Mixer.Direction.of("sideways"));
    }
}
