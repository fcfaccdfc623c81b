package com.rayo.node.conference;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rayo.node.backend.CommandResult;
import com.rayo.node.media.Audio;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaEngine;
import com.rayo.node.media.MediaListener;
import com.rayo.node.media.PlaySource;
import com.rayo.node.render.AudioFetcher;
import com.rayo.node.render.DocumentRenderer;
import com.rayo.node.render.Tts;
import com.rayo.node.verbs.Recordings;
import com.rayo.node.verbs.VerbContext;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.Input;
import com.rayo.protocol.rayo.MixerLeg;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.Speaking;
import com.rayo.testkit.AudioCheck;

/**
 * Two nodes' mixers on real media clocks and real UDP: a call joins a mixer of its own node, a
 * call of the other node reaches it over a trunk, and each hears the other, not itself.
 */
class ConferencesTest {
    Path dir;
    final List<MediaEngine> engines = new ArrayList<>();
    final List<Conferences> nodes = new ArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    /** A call's media on a node's clock: says its tone every tick, keeps what the node played to it. */
    static final class Line implements CallMedia {
        final List<PlaySource> sources = new CopyOnWriteArrayList<>();
        final List<MediaListener> listeners = new CopyOnWriteArrayList<>();
        final List<short[]> heard = new CopyOnWriteArrayList<>();
        volatile double hz;
        int n;

        @Override public void addSource(PlaySource s) { sources.add(s); }
        @Override public void removeSource(PlaySource s) { sources.remove(s); }
        @Override public void addListener(MediaListener l) { listeners.add(l); }
        @Override public void removeListener(MediaListener l) { listeners.remove(l); }
        @Override public void sendDigits(String keys) { }

        void tick() {
            short[] f = PlaySource.mixNext(sources);
            heard.add(f == null ? new short[Audio.FRAME] : f);
            if (hz > 0) {
                short[] say = new short[Audio.FRAME];
                for (int i = 0; i < say.length; i++, n++) say[i] = (short) (0.3 * 32767 * Math.sin(2 * Math.PI * hz * n / 8000));
                for (MediaListener l : listeners) l.heard(say);
            }
        }

        short[] all() {
            List<short[]> copy = List.copyOf(heard);
            short[] out = new short[copy.size() * Audio.FRAME];
            for (int i = 0; i < copy.size(); i++) System.arraycopy(copy.get(i), 0, out, i * Audio.FRAME, Audio.FRAME);
            return out;
        }
    }

    /** A node: its media engine, its calls, its mixers. */
    Conferences node(String domain, Map<String, Line> calls) throws Exception {
        return node(domain, calls, Conferences.LEG_SILENCE);
    }

    Conferences node(String domain, Map<String, Line> calls, Duration legSilence) throws Exception {
        MediaEngine engine = new MediaEngine(domain);
        engines.add(engine);
        for (Line l : calls.values()) engine.addTicker(l::tick);
        DocumentRenderer renderer = new DocumentRenderer(new Tts(dir, 5000), new AudioFetcher(List.of(dir), Duration.ofSeconds(1)), Runnable::run,
                Clock.systemUTC(), 60_000, 1_000_000);
        Recordings recordings = new Recordings(dir.resolve("rec-" + domain), "127.0.0.1", 0, "127.0.0.1", Duration.ofHours(1), null);
        VerbContext verbs = new VerbContext(renderer, java.util.concurrent.Executors.newSingleThreadScheduledExecutor(), Runnable::run, recordings, Duration.ofSeconds(3));
        Conferences c = new Conferences(new ConferenceCalls() {
            @Override public boolean exists(String callId) { return calls.containsKey(callId); }
            @Override public CallMedia media(String callId) { return calls.get(callId); }
            @Override public boolean joinedToCall(String callId) { return false; }
        }, engine, "127.0.0.1", verbs, new ConferenceEvents() {
            @Override public void callEvent(String callId, RayoElement e) { events.add(domain + " " + callId + " " + e.toXml()); }
            @Override public void mixerEvent(String mixer, RayoElement e) { events.add(domain + " " + mixer + " " + e.toXml()); }
            @Override public void mixerPresence(String mixer, boolean available) { events.add(domain + " " + mixer + (available ? " available" : " unavailable")); }
            @Override public String callUri(String callId) { return "xmpp:" + callId + "@" + domain; }
            @Override public void componentEvent(String callId, String componentId, RayoElement event) { }
            @Override public void dtmf(String callId, char key) { }
        }, legSilence);
        nodes.add(c);
        return c;
    }

    @BeforeEach void dir() throws Exception { dir = Files.createTempDirectory("conferences-test"); }

    @AfterEach void stop() {
        for (Conferences c : nodes) c.close();
        for (MediaEngine e : engines) e.close();
    }

    boolean seen(String fragment) { return events.stream().anyMatch(e -> e.contains(fragment)); }

    @Test void aMixerComesWithItsFirstParticipantAndGoesWithItsLast() throws Exception {
        Map<String, Line> calls = new ConcurrentHashMap<>(Map.of("a", new Line(), "b", new Line()));
        Conferences n1 = node("node1", calls);
        assertTrue(n1.join("a", "room", null).ok());
        assertEquals(List.of("node1 room available", "node1 a <joined xmlns=\"urn:xmpp:rayo:1\" mixer-name=\"room\"/>",
                "node1 room <joined xmlns=\"urn:xmpp:rayo:1\" call-uri=\"xmpp:a@node1\"/>"), events.stream().map(e -> e.replace('\'', '"')).toList());
        assertEquals(StanzaError.CONFLICT, n1.join("a", "room", null).error(), "a second join");
        assertEquals(StanzaError.CONFLICT, n1.join("a", "other", null).error(), "one mixer at a time");
        assertEquals(StanzaError.ITEM_NOT_FOUND, n1.join("nobody", "room", null).error());
        assertEquals(StanzaError.ITEM_NOT_FOUND, n1.unjoin("b", "room").error(), "unjoin of a mixer the call is not in");
        assertEquals(StanzaError.FEATURE_NOT_IMPLEMENTED, n1.verb("room", new Input("dtmf", null, null, null, null, null, null, null, null, List.of(new com.rayo.protocol.rayo.Document(null, "builtin:dtmf/digits", null)))).error());
        assertTrue(n1.inMixer("a") && n1.isMixer("room"));
        events.clear();
        assertTrue(n1.unjoin("a", "room").ok());
        assertTrue(seen("node1 a <unjoined") && seen("node1 room <unjoined") && seen("node1 room unavailable"), events.toString());
        assertFalse(n1.isMixer("room"));
    }

    @Test void aCallOnAnotherNodeHearsTheRoomOverATrunkAndIsHeard() throws Exception {
        Line a = new Line(), b = new Line();
        a.hz = 440;
        b.hz = 660;
        Conferences n1 = node("node1", Map.of("a", a));
        Conferences n2 = node("node2", Map.of("b", b));
        assertTrue(n1.join("a", "room", null).ok());
        CommandResult leg = n1.openLeg("room", "xmpp:b@node2", null);
        MixerLeg at = (MixerLeg) leg.answer();
        assertTrue(at.port() > 0);
        assertTrue(n2.connect("b", "room", at.host(), at.port()).ok());
        assertTrue(seen("node2 b <joined") && seen("node1 room <joined") && (seen("call-uri=\"xmpp:b@node2\"") || seen("call-uri='xmpp:b@node2'")), events.toString());
        Thread.sleep(1500);
        a.hz = 0;
        b.hz = 0;
        Thread.sleep(600);
        short[] byA = a.all(), byB = b.all();
        assertTrue(AudioCheck.toneShare(byA, 660) > 0.3, "A hears B over the trunk: " + AudioCheck.toneShare(byA, 660));
        assertTrue(AudioCheck.toneShare(byA, 440) < 0.02, "not itself");
        assertTrue(AudioCheck.toneShare(byB, 440) > 0.3, "B hears A over the trunk: " + AudioCheck.toneShare(byB, 440));
        assertTrue(AudioCheck.toneShare(byB, 660) < 0.02, "not itself");
        assertTrue(events.stream().anyMatch(e -> e.contains(Speaking.STARTED) && e.contains("xmpp:b@node2")), "the leg's speaker is named by its call: " + events);
        assertTrue(events.stream().anyMatch(e -> e.contains(Speaking.STOPPED) && e.contains("xmpp:a@node1")), events.toString());

        events.clear();
        assertTrue(n2.unjoin("b", "room").ok());
        assertTrue(n1.removeLeg("room", "xmpp:b@node2").ok());
        assertTrue(seen("node2 b <unjoined") && seen("node1 room <unjoined"), events.toString());
        assertTrue(n1.isMixer("room"), "A is still in it");
        assertEquals(StanzaError.ITEM_NOT_FOUND, n1.removeLeg("room", "xmpp:b@node2").error(), "once");
    }

    @Test void aLegThatHearsNothingIsDroppedWhenItsOtherNodeIsGone() throws Exception {
        Line a = new Line(), b = new Line();
        Conferences n1 = node("node1", Map.of("a", a), Duration.ofMillis(400));
        Conferences n2 = node("node2", Map.of("b", b), Duration.ofMillis(400));
        assertTrue(n1.join("a", "room", null).ok());
        MixerLeg at = (MixerLeg) n1.openLeg("room", "xmpp:b@node2", null).answer();
        assertTrue(n2.connect("b", "room", at.host(), at.port()).ok());
        Thread.sleep(1000);
        assertTrue(n2.inMixer("b"), "both ends send every 20 ms: a live leg stays");
        assertFalse(seen("node1 room <unjoined"), events.toString());
        n2.close(); // node2 gone without a word
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!seen("node1 room <unjoined") && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(seen("node1 room <unjoined"), "the mixer's node drops the silent leg: " + events);
        assertTrue(n1.isMixer("room"), "A is still in it");
    }
}
