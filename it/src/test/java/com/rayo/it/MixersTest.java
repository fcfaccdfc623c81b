package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.rayo.cassandra.store.Rows;
import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoComponent;
import com.rayo.client.RayoException;
import com.rayo.gateway.registry.MixerRecord;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.Document;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.JoinTarget;
import com.rayo.protocol.rayo.Output;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Record;
import com.rayo.protocol.rayo.Speaking;
import com.rayo.protocol.xml.XmlElement;
import com.rayo.testkit.AudioCheck;
import com.rayo.testkit.Ports;
import com.rayo.testkit.TestPhone;

/**
 * Mixers on real SIP calls across two node processes, through a real rtpengine behind the balancer,
 * checked by listening: far ends send distinct tones and measure what they hear.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MixersTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final double LOUD = 1000;
    MediaRig rig;
    LocalCluster cluster;
    final int[] sipPort = new int[3];
    RayoClient app;
    RayoClient other;
    final List<TestPhone> phones = new ArrayList<>();
    Path tone1s;

    @BeforeAll void start() throws Exception {
        rig = new MediaRig("rayo-mixers-test", 27000, 27999);
        int ng = rig.ng;
        Path files = Files.createDirectories(rig.dir.resolve("files"));
        tone1s = files.resolve("tone-1000-1s.wav");
        AudioCheck.writeTone(tone1s, 1000, 1000);
        sipPort[1] = Ports.free();
        sipPort[2] = Ports.free();
        cluster = LocalCluster.startWithNodeProcesses(2, "", "rayo.node { backend = sip, media { ng = \"127.0.0.1:" + ng + "\" }, verbs { file-roots = [\""
                + files + "\"] } }\n", i -> "rayo.node.sip.port = " + sipPort[i] + "\n");
        for (int i = 1; i <= 2; i++) {
            cluster.gateway().admin().registerAddress("demo@localhost", address("demo", i));
            cluster.gateway().admin().registerAddress("other@localhost", address("other", i));
        }
        app = cluster.client("demo", "conference");
        other = cluster.client("other", "conference");
    }

    @AfterAll void stop() throws Exception {
        if (app != null) app.close();
        if (other != null) other.close();
        if (cluster != null) cluster.close();
        if (rig != null) rig.close();
    }

    @AfterEach void hangUp() {
        for (TestPhone p : phones) p.close();
        phones.clear();
    }

    String address(String user, int node) { return "sip:" + user + "@127.0.0.1:" + sipPort[node]; }

    /** A phone calls the application's address on {@code node}; the application answers. */
    RayoCall answered(RayoClient client, String user, int node, TestPhone phone) throws Exception {
        return MediaRig.answered(client, address(user, node), phone, WAIT);
    }

    TestPhone phone() throws Exception {
        TestPhone p = new TestPhone();
        phones.add(p);
        return p;
    }

    /** Every phone sends its tone at once for {@code millis}. */
    static void speak(List<TestPhone> who, double[] hz, long millis) throws Exception {
        // A thread per phone: the common pool has one thread on two cores, and would make them speak in turn.
        java.util.concurrent.ExecutorService voices = java.util.concurrent.Executors.newFixedThreadPool(who.size());
        try {
            List<java.util.concurrent.Future<?>> all = new ArrayList<>();
            for (int i = 0; i < who.size(); i++) {
                TestPhone p = who.get(i);
                double f = hz[i];
                all.add(voices.submit(() -> {
                    p.sendTone(f, millis, 0.3);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : all) f.get(millis + 5000, TimeUnit.MILLISECONDS);
        } finally {
            voices.shutdownNow();
        }
    }

    static <T extends RayoElement> T await(RayoCall party, Class<T> type, java.util.function.Predicate<T> match) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (RayoElement e : party.events()) if (type.isInstance(e) && match.test(type.cast(e))) return type.cast(e);
            Thread.sleep(20);
        }
        fail("no " + type.getSimpleName() + " matching on " + party.jid() + ": " + party.events());
        return null;
    }

    static boolean joinedTo(RayoElement e, String mixer, JoinTarget.Type type) {
        return e instanceof JoinTarget j && j.type() == type && mixer.equals(j.mixerName());
    }

    @Test @Order(1) void threeFarEndsOnTwoNodesHearTheOthersNotThemselvesAndTheRoomIsAnnouncedAndRecorded() throws Exception {
        TestPhone a = phone(), b = phone(), c = phone();
        RayoCall ca = answered(app, "demo", 1, a), cb = answered(app, "demo", 1, b), cc = answered(app, "demo", 2, c);
        RayoCall room = app.mixer("Sales");
        ca.join("Sales", null);
        assertTrue(room.awaitPresence(true, WAIT), "the mixer announces itself when created");
        cb.join("sales", "duplex");
        cc.join("sales", null);
        for (RayoCall call : List.of(ca, cb, cc)) {
            await(call, JoinTarget.class, j -> joinedTo(j, "sales", JoinTarget.Type.JOINED));
            await(room, JoinTarget.class, j -> j.type() == JoinTarget.Type.JOINED && call.uri().equals(j.callUri()));
        }
        MixerRecord m = cluster.gateway().mixers().find(com.rayo.protocol.Jid.of("demo@localhost"), "sales");
        assertNotNull(m);
        String mixerNode = m.nodeDomain();
        assertEquals(3, m.participants().size());
        assertFalse(m.id().contains(mixerNode) || room.jid().toString().contains("node"), "a mixer's JID never names its node: " + room.jid());

        long t0 = System.nanoTime();
        speak(List.of(a, b, c), new double[] {440, 660, 880}, 2000);
        short[] byA = a.audioSince(t0), byB = b.audioSince(t0), byC = c.audioSince(t0);
        assertHears(byA, "A", new double[] {660, 880}, 440);
        assertHears(byB, "B", new double[] {440, 880}, 660);
        assertHears(byC, "C (on the other node)", new double[] {440, 660}, 880);
        for (RayoCall call : List.of(ca, cb, cc)) {
            await(room, Speaking.class, s -> s.started() && call.uri().equals(s.callUri()));
            await(room, Speaking.class, s -> !s.started() && call.uri().equals(s.callUri()));
        }

        // An output to the mixer reaches every participant, on both nodes.
        long t1 = System.nanoTime();
        RayoComponent announcement = room.output(new Output(null, null, null, null, null, null, null,
                List.of(Document.text("text/uri-list", tone1s.toUri().toString(), "document", RayoNamespaces.OUTPUT))));
        assertEquals("finish", announcement.await(WAIT).reason().name());
        for (TestPhone p : List.of(a, b, c)) {
            short[] heard = p.audioSince(t1);
            assertEquals(1000, AudioCheck.loudMillis(heard, LOUD), 250, "the announcement is heard in full");
            assertTrue(AudioCheck.toneMillis(heard, 1000, 0.5) >= 700, "at 1 kHz: " + AudioCheck.toneMillis(heard, 1000, 0.5) + " ms");
        }

        // The conference recording holds all three voices.
        RayoComponent rec = room.record(new Record(null, false, null, null, null, null, null, null, null, null));
        speak(List.of(a, b, c), new double[] {440, 660, 880}, 1500);
        // What C said crosses two nodes (relay, C's node, the leg): let it reach the room before the stop does.
        Thread.sleep(500);
        rec.stop();
        Complete done = rec.await(WAIT);
        XmlElement recording = done.extras().get(0);
        HttpResponse<byte[]> wav = HttpClient.newHttpClient().send(MediaRig.as(URI.create(recording.attr("uri")), "demo@localhost",
                cluster.layout().app("demo").password()), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, wav.statusCode(), "the application fetches its conference recording");
        short[] pcm = MediaRig.pcm(wav.body());
        for (double hz : new double[] {440, 660, 880}) {
            long ms = AudioCheck.toneMillis(pcm, hz, 0.1);
            assertTrue(ms >= 700, hz + " Hz is in the recording for most of the 1.5 s spoken: " + ms + " ms");
        }
        assertEquals(0, AudioCheck.toneMillis(pcm, 1000, 0.1), "and nothing that was not said");

        assertTrue(Views.activeMixers(cluster) >= 1, "the store shows the live mixer");
        Rows.MixerRow row = cluster.gateway().store().mixers().stream().filter(r -> r.name().equals(m.id())).findFirst().orElseThrow();
        assertEquals("sales", row.mixerName());
        assertEquals("demo@localhost", row.application());

        // The last one out destroys it.
        ca.unjoin("sales");
        await(ca, JoinTarget.class, j -> joinedTo(j, "sales", JoinTarget.Type.UNJOINED));
        cb.hangup();
        cc.unjoin("sales");
        assertTrue(room.awaitPresence(false, WAIT), "the mixer says it is gone when the last participant leaves");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (cluster.gateway().store().mixers().stream().anyMatch(r -> r.name().equals(m.id())) && System.nanoTime() < deadline) Thread.sleep(50);
        assertFalse(cluster.gateway().store().mixers().stream().anyMatch(r -> r.name().equals(m.id())), "its Cassandra row is gone");
        assertNull(cluster.gateway().mixers().find(m.id()));
        assertTrue(cluster.gateway().store().mixerParticipants(m.id()).isEmpty(), "and its participants");
    }

    static void assertHears(short[] heard, String who, double[] others, double own) {
        for (double hz : others) {
            long ms = AudioCheck.toneMillis(heard, hz, 0.1);
            assertTrue(ms >= 1000, who + " hears " + hz + " Hz for most of the 2 s spoken: " + ms + " ms");
        }
        assertTrue(AudioCheck.toneShare(heard, own) < 0.02, who + " does not hear itself (" + own + " Hz): " + AudioCheck.toneShare(heard, own));
    }

    @Test @Order(2) void aSendOnlyParticipantIsHeardAndHearsNothing() throws Exception {
        TestPhone a = phone(), b = phone();
        RayoCall ca = answered(app, "demo", 2, a), cb = answered(app, "demo", 1, b);
        ca.join("quiet", null);
        cb.join("quiet", "send");
        await(cb, JoinTarget.class, j -> joinedTo(j, "quiet", JoinTarget.Type.JOINED));
        long t0 = System.nanoTime();
        speak(List.of(a, b), new double[] {440, 660}, 1500);
        assertTrue(AudioCheck.loudMillis(b.audioSince(t0), LOUD) < 100, "send: the participant hears nothing");
        short[] byA = a.audioSince(t0);
        assertTrue(AudioCheck.toneMillis(byA, 660, 0.3) > 800, "but is heard: " + AudioCheck.toneMillis(byA, 660, 0.3) + " ms of 660 Hz");
        ca.hangup();
        cb.hangup();
    }

    @Test @Order(3) void badJoinsAreRefusedClearlyAndTheConferenceGoesOn() throws Exception {
        TestPhone a = phone(), b = phone(), o = phone();
        RayoCall ca = answered(app, "demo", 1, a), cb = answered(app, "demo", 2, b), co = answered(other, "other", 1, o);
        ca.join("room", null);
        cb.join("room", null);
        await(cb, JoinTarget.class, j -> joinedTo(j, "room", JoinTarget.Type.JOINED));
        assertEquals(StanzaError.CONFLICT, assertThrows(RayoException.class, () -> ca.join("room", null)).condition(), "a second join of the same call");
        assertEquals(StanzaError.CONFLICT, assertThrows(RayoException.class, () -> ca.join("another", null)).condition(), "one mixer at a time");
        RayoException notIn = assertThrows(RayoException.class, () -> ca.unjoin("elsewhere"));
        assertEquals(StanzaError.ITEM_NOT_FOUND, notIn.condition(), "unjoin of a mixer the call is not in");
        assertTrue(notIn.getMessage().contains("not joined to mixer elsewhere"), notIn.getMessage());
        for (String bad : new String[] {"two words", "a@b", "x/y", "0b0f4b4e-6c4e-4a4e-9f4e-0b0f4b4e6c4e"}) {
            XmlElement join = XmlElement.builder("join", RayoNamespaces.CORE).attr("mixer-name", bad).build();
            RayoException refused = assertThrows(RayoException.class, () -> app.request(cb.jid(), join), "mixer-name '" + bad + "'");
            assertEquals(StanzaError.BAD_REQUEST, refused.condition(), refused.getMessage());
        }
        // Another application's "room" is another room: its output reaches only its own participant.
        co.join("room", null);
        await(co, JoinTarget.class, j -> joinedTo(j, "room", JoinTarget.Type.JOINED));
        assertEquals(2, cluster.gateway().mixers().all().stream().filter(m -> m.name().equals("room")).count(), "two tenants, two rooms");
        assertEquals(StanzaError.ITEM_NOT_FOUND, assertThrows(RayoException.class,
                () -> other.request(org.jxmpp.jid.impl.JidCreate.from(ca.jid().toString()), new JoinTarget(JoinTarget.Type.UNJOIN, null, "room"))).condition(),
                "another application's call is not found");
        long t0 = System.nanoTime();
        speak(List.of(a, b, o), new double[] {440, 660, 880}, 1500);
        assertTrue(AudioCheck.toneMillis(a.audioSince(t0), 660, 0.5) > 800, "the conference is undisturbed: A hears B");
        assertTrue(AudioCheck.toneShare(a.audioSince(t0), 880) < 0.02, "and not the other tenant's room");
        assertTrue(AudioCheck.toneShare(o.audioSince(t0), 440) < 0.02 && AudioCheck.loudMillis(o.audioSince(t0), LOUD) < 100, "the other room hears nobody else");
        for (RayoCall call : List.of(ca, cb)) call.hangup();
        co.hangup();
    }

    @Test @Order(4) void killingTheMixersNodeTellsEveryParticipantsOwnerAtOnce() throws Exception {
        TestPhone a = phone(), b = phone();
        RayoCall ca = answered(app, "demo", 1, a), cb = answered(app, "demo", 2, b);
        ca.join("doomed", null);
        cb.join("doomed", null);
        await(cb, JoinTarget.class, j -> joinedTo(j, "doomed", JoinTarget.Type.JOINED));
        MixerRecord m = cluster.gateway().mixers().find(com.rayo.protocol.Jid.of("demo@localhost"), "doomed");
        int node = m.nodeDomain().startsWith("node1") ? 1 : 2;
        RayoCall survivor = node == 1 ? cb : ca;
        long t0 = System.nanoTime();
        cluster.nodeProcess(node).destroyForcibly();
        JoinTarget told = await(survivor, JoinTarget.class, j -> joinedTo(j, "doomed", JoinTarget.Type.UNJOINED));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 3000, "the owner of the participant on the other node is told within 3 s: " + ms + " ms");
        assertNotNull(told.reason(), "with a reason");
        assertTrue(told.reason().contains("node was lost"), told.reason());
        assertFalse(told.reason().contains("node" + node + "."), "naming no node: " + told.reason());
        RayoCall lost = node == 1 ? ca : cb;
        await(lost, JoinTarget.class, j -> joinedTo(j, "doomed", JoinTarget.Type.UNJOINED));
        assertNotNull(lost.await(End.class, WAIT), "the call on the dead node ends");
        assertTrue(app.mixer("doomed").awaitPresence(false, WAIT), "the mixer is gone");
        assertNull(cluster.gateway().mixers().find(m.id()));
        survivor.hangup();
    }

    /** Admin counts through the same views the MBeans use. */
    static final class Views {
        static long activeMixers(LocalCluster c) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            long n = 0;
            while (System.nanoTime() < deadline) {
                n = c.gateway().store().mixers().size();
                if (n > 0) return n;
                Thread.sleep(50);
            }
            return n;
        }
    }
}
