package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoComponent;
import com.rayo.client.RayoException;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.ComponentEvent;
import com.rayo.protocol.rayo.Document;
import com.rayo.protocol.rayo.Dtmf;
import com.rayo.protocol.rayo.Input;
import com.rayo.protocol.rayo.Output;
import com.rayo.protocol.rayo.Prompt;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Record;
import com.rayo.protocol.xml.XmlElement;
import com.rayo.testkit.AudioCheck;
import com.rayo.testkit.Ports;
import com.rayo.testkit.TestPhone;

/**
 * Media verbs on real SIP calls, checked by listening: a test phone calls the SIP node through a
 * real rtpengine behind the balancer, the application runs verbs through the gateway, and the
 * phone measures what it hears (length, loudness, frequency) and sends tones and digits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaVerbsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** Louder than line noise: the phone heard sound, not silence. */
    static final double LOUD = 1000;
    MediaRig rig;
    Path dir;
    LocalCluster cluster;
    int nodeSip;
    String address;
    Path tone2s;
    RayoClient app;
    TestPhone phone;

    @BeforeAll void start() throws Exception {
        assertTrue(new ProcessBuilder("which", "espeak-ng").start().waitFor() == 0, "espeak-ng is needed: apt-get install -y espeak-ng (bin/rayo test installs it)");
        rig = new MediaRig("rayo-media-test", 26000, 26999);
        dir = rig.dir;
        int ng = rig.ng;
        nodeSip = Ports.free();
        Path files = Files.createDirectories(dir.resolve("files"));
        tone2s = files.resolve("tone-440-2s.wav");
        AudioCheck.writeTone(tone2s, 440, 2000);
        cluster = LocalCluster.start(1, "native", "", "rayo.node { backend = sip, sip { port = " + nodeSip + " }, media { ng = \"127.0.0.1:" + ng
                + "\" }, verbs { work-dir = \"" + dir.resolve("work") + "\", file-roots = [\"" + files + "\"], inter-digit-timeout = 1s,"
                + " recordings { dir = \"" + dir.resolve("recordings") + "\" } } }\n");
        address = "sip:demo@127.0.0.1:" + nodeSip;
        cluster.gateway().admin().registerAddress("demo@localhost", address);
        app = cluster.client("demo", "media");
    }

    @AfterAll void stop() throws Exception {
        if (app != null) app.close();
        if (cluster != null) cluster.close();
        if (rig != null) rig.close();
    }

    @AfterEach void hangUp() {
        if (phone != null) phone.close();
        phone = null;
    }

    /** The phone calls the application's address; the application answers. */
    RayoCall answeredCall() throws Exception {
        phone = new TestPhone();
        return MediaRig.answered(app, address, phone, WAIT);
    }

    static Output output(Integer repeatTimes, Document... docs) {
        return new Output(null, null, null, repeatTimes, null, null, null, List.of(docs));
    }

    Document uri(Path file) { return Document.text("text/uri-list", file.toUri().toString(), "document", RayoNamespaces.OUTPUT); }

    static Document ssml(String speak) {
        return new Document("application/ssml+xml", null, XmlElement.builder("document", RayoNamespaces.OUTPUT).attr("content-type", "application/ssml+xml")
                .child(XmlElement.parse(speak)).build());
    }

    static Document grammar(String url) { return new Document(null, url, null); }

    static Input input(String terminator, Integer initialTimeout, Document... grammars) {
        return new Input("dtmf", terminator, null, null, initialTimeout, null, null, null, null, List.of(grammars));
    }

    static String reason(Complete c) { return c.reason().name(); }

    @Test void anOutputIsHeardForTheLengthOfItsDocumentAndRepeatTimesDoublesIt() throws Exception {
        RayoCall call = answeredCall();
        long start = System.nanoTime();
        RayoComponent out = call.output(output(null, uri(tone2s)));
        Complete done = out.await(WAIT);
        assertEquals("finish", reason(done), "output complete: " + done);
        short[] heard = phone.audioSince(start);
        long loud = AudioCheck.loudMillis(heard, LOUD);
        assertEquals(2000, loud, 200, "the phone heard the 2 s document (±10%)");
        assertTrue(AudioCheck.toneShare(heard, 440) > 0.5, "and it was the 440 Hz tone");

        long again = System.nanoTime();
        call.output(output(2, uri(tone2s))).await(WAIT);
        assertEquals(4000, AudioCheck.loudMillis(phone.audioSince(again), LOUD), 400, "repeat-times=2 plays it twice (±10%)");
        call.hangup();
    }

    @Test void ssmlIsSpokenByTheTtsForTheLengthItRenders() throws Exception {
        Path wav = dir.resolve("expected.wav");
        Process p = new ProcessBuilder("espeak-ng", "-m", "-w", wav.toString(), "<speak>Hello from the Rayo gateway</speak>").start();
        assertEquals(0, p.waitFor());
        long expected = (long) (Files.size(wav) - 44) * 1000 / (22050 * 2);
        RayoCall call = answeredCall();
        long start = System.nanoTime();
        Complete done = call.output(output(null, ssml("<speak>Hello from the Rayo gateway</speak>"))).await(WAIT);
        assertEquals("finish", reason(done), done.toString());
        short[] heard = phone.audioSince(start);
        assertEquals(expected, heard.length / 8, expected * 0.1, "the phone heard as much speech as espeak-ng renders (±10%)");
        assertTrue(AudioCheck.loudMillis(heard, LOUD) > expected / 3, "and it was not silence");
        call.hangup();
    }

    @Test void stopEndsTheOutputWithin100MsAndPauseResumeHoldIt() throws Exception {
        RayoCall call = answeredCall();
        RayoComponent out = call.output(output(3, uri(tone2s)));
        javax.management.ObjectName bean = new javax.management.ObjectName("com.rayo.node:Type=SipBackend,name=" + javax.management.ObjectName.quote("node1.localhost"));
        assertEquals(1, java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(bean, "ActiveComponents"), "the node's MBean counts the running verb");
        Thread.sleep(1000);
        long stopAt = System.nanoTime();
        out.stop();
        assertEquals("stop", reason(out.await(WAIT)));
        assertEquals(0, java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(bean, "ActiveComponents"));
        Thread.sleep(300);
        List<Long> loud = phone.loudPacketTimes(stopAt, LOUD);
        assertTrue(loud.isEmpty() || (loud.get(loud.size() - 1) - stopAt) / 1_000_000 < 100, "nothing heard 100 ms after stop: " + loud.size() + " packets");

        long start = System.nanoTime();
        RayoComponent paused = call.output(output(null, uri(tone2s)));
        Thread.sleep(700);
        paused.pause();
        Thread.sleep(1000);
        long duringPause = AudioCheck.loudMillis(phone.audioSince(System.nanoTime() - 800_000_000L), LOUD);
        paused.resume();
        assertEquals("finish", reason(paused.await(WAIT)));
        long total = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, duringPause, 40, "silent while paused");
        assertEquals(2000, AudioCheck.loudMillis(phone.audioSince(start), LOUD), 200, "the whole document, once resumed");
        assertTrue(total >= 2800, "the pause lengthened it: " + total + " ms");
        call.hangup();
    }

    @Test void aDocumentThatCannotBeFetchedOrParsedCompletesWithAnErrorSayingWhich() throws Exception {
        RayoCall call = answeredCall();
        HttpFixture http = HttpFixture.notFound();
        try {
            Complete c = call.output(output(null, new Document(null, http.url() + "/missing.wav", null))).await(WAIT);
            assertEquals("error", reason(c));
            assertTrue(c.reason().text().contains("404"), c.toString());
            Complete bad = call.output(output(null, new Document("application/ssml+xml", null, XmlElement.builder("document", RayoNamespaces.OUTPUT)
                    .attr("content-type", "application/ssml+xml").text("<speak>unclosed").build()))).await(WAIT);
            assertEquals("error", reason(bad));
            assertTrue(bad.reason().text().contains("SSML does not parse"), bad.toString());
            Complete outside = call.output(output(null, Document.text("text/uri-list", "file:///etc/passwd", "document", RayoNamespaces.OUTPUT))).await(WAIT);
            assertTrue(outside.reason().text().contains("outside the node's media folders"), outside.toString());
        } finally {
            http.close();
        }
        call.hangup();
    }

    @Test void inputMatchesRfc4733AndSipInfoDigitsAgainstEachGrammarKind() throws Exception {
        RayoCall call = answeredCall();
        RayoComponent digits = call.input(input(null, null, grammar("builtin:dtmf/digits?length=3")));
        for (char k : "123".toCharArray()) phone.sendDigit(k);
        Complete m = digits.await(WAIT);
        assertEquals("match", reason(m), m.toString());
        assertTrue(m.reason().text().contains("<instance>123</instance>"), m.toString());
        assertTrue(digits.events().contains(ComponentEvent.START_OF_INPUT), "start-of-input came first: " + digits.events());

        RayoComponent yes = call.input(input(null, null, grammar("builtin:dtmf/boolean")));
        assertEquals(200, phone.sendInfo('1'), "SIP INFO dtmf-relay is taken");
        assertTrue(yes.await(WAIT).reason().text().contains("<instance>true</instance>"));
        RayoComponent infoDigits = call.input(input("#", null, grammar("builtin:dtmf/digits?minlength=2")));
        for (char k : "205#".toCharArray()) assertEquals(200, phone.sendInfo(k));
        assertTrue(infoDigits.await(WAIT).reason().text().contains("<instance>205</instance>"), "SIP INFO keys against digits, with a terminator");

        String srgs = "<grammar xmlns='http://www.w3.org/2001/06/grammar' mode='dtmf' root='pin'><rule id='pin'><one-of><item>4 2</item>"
                + "<item><ruleref uri='#star'/><item repeat='2'>9</item></item></one-of></rule><rule id='star'>*</rule></grammar>";
        RayoComponent pin = call.input(input(null, null, new Document("application/srgs+xml", null,
                XmlElement.builder("grammar", RayoNamespaces.INPUT).attr("content-type", "application/srgs+xml").child(XmlElement.parse(srgs)).build())));
        for (char k : "*9".toCharArray()) phone.sendDigit(k);
        assertEquals(200, phone.sendInfo('9'), "the last key by SIP INFO: both kinds feed one input");
        assertTrue(pin.await(WAIT).reason().text().contains("<instance>*99</instance>"), "SRGS one-of, ruleref and repeat");

        RayoComponent terminated = call.input(input("#", null, grammar("builtin:dtmf/digits?maxlength=10")));
        for (char k : "12#".toCharArray()) phone.sendDigit(k);
        assertTrue(terminated.await(WAIT).reason().text().contains("<instance>12</instance>"), "the terminator ends it");

        long t0 = System.nanoTime();
        RayoComponent open = call.input(input(null, null, grammar("builtin:dtmf/digits?maxlength=5")));
        phone.sendDigit('7');
        Complete interDigit = open.await(WAIT);
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(interDigit.reason().text().contains("<instance>7</instance>"), interDigit.toString());
        assertTrue(took >= 1000 && took < 1600, "decided at the 1 s inter-digit timeout: " + took + " ms");

        Complete noinput = call.input(input(null, 500, grammar("builtin:dtmf/digits?length=2"))).await(WAIT);
        assertEquals("noinput", reason(noinput));

        RayoComponent wrong = call.input(input(null, null, grammar("builtin:dtmf/boolean")));
        phone.sendDigit('5');
        assertEquals("nomatch", reason(wrong.await(WAIT)), "a key outside the grammar says nomatch at once, it is not taken as a match");
        call.hangup();
    }

    @Test void aBadGrammarOrModeIsRefusedSayingWhy() throws Exception {
        RayoCall call = answeredCall();
        RayoException bad = assertThrows(RayoException.class, () -> call.input(input(null, null, new Document("application/srgs+xml", null,
                XmlElement.builder("grammar", RayoNamespaces.INPUT).attr("content-type", "application/srgs+xml").text("<grammar><rule id='a'><ruleref uri='#nope'/></rule></grammar>").build()))));
        assertEquals(StanzaError.BAD_REQUEST, bad.condition());
        assertTrue(bad.getMessage().contains("undefined rule '#nope'"), bad.getMessage());
        RayoException voice = assertThrows(RayoException.class, () -> call.input(new Input("voice", null, null, null, null, null, null, null, null,
                List.of(grammar("builtin:dtmf/digits")))));
        assertEquals(StanzaError.FEATURE_NOT_IMPLEMENTED, voice.condition());
        call.hangup();
    }

    @Test void promptBargesInOnTheFirstKeyAndTheInputMatches() throws Exception {
        RayoCall call = answeredCall();
        RayoComponent prompt = call.prompt(new Prompt(null, output(3, uri(tone2s)), input(null, null, grammar("builtin:dtmf/digits?length=2"))));
        Thread.sleep(800);
        long key = System.nanoTime();
        phone.sendDigit('4');
        Thread.sleep(300);
        List<Long> loud = phone.loudPacketTimes(key + 150_000_000L, LOUD);
        phone.sendDigit('2');
        Complete c = prompt.await(WAIT);
        assertTrue(c.reason().text().contains("<instance>42</instance>"), c.toString());
        assertTrue(loud.isEmpty(), "the output stopped at the first key: " + loud.size() + " loud packets after it");
        assertTrue(prompt.events().contains(ComponentEvent.INPUT_TIMERS_STARTED), prompt.events().toString());
        call.hangup();
    }

    @Test void recordWritesWhatThePhoneSaidAsAWavItsOwnerCanFetch() throws Exception {
        RayoCall call = answeredCall();
        long start = System.nanoTime();
        // An owner written by the application itself is replaced by the gateway's stamp.
        RayoComponent rec = call.record(new Record(null, true, null, null, null, null, null, "recv", null, "other@localhost"));
        Thread.sleep(400); // the 250 ms beep
        phone.sendTone(440, 2000, 0.5);
        rec.stop();
        Complete c = rec.await(WAIT);
        assertEquals("stop", reason(c));
        XmlElement recording = c.extras().get(0);
        long duration = Long.parseLong(recording.attr("duration"));
        assertEquals(2000, duration, 300, "about the time recorded after the beep: " + recording);
        URI uri = URI.create(recording.attr("uri"));
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(401, http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode(), "no credentials: 401");
        assertEquals(401, http.send(as(uri, "demo@localhost", "wrong"), HttpResponse.BodyHandlers.discarding()).statusCode(), "a wrong password: 401");
        HttpResponse<String> thief = http.send(as(uri, "other@localhost", cluster.layout().app("other").password()), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, thief.statusCode(), "another application, with its own right credentials: 403");
        assertTrue(thief.body().contains("belongs to another application"), thief.body());
        HttpResponse<byte[]> wav = http.send(as(uri, "demo@localhost", cluster.layout().app("demo").password()), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, wav.statusCode(), "its owner, with its XMPP credentials");
        assertEquals(Long.parseLong(recording.attr("size")), wav.body().length);
        short[] pcm = MediaRig.pcm(wav.body());
        assertEquals(2000, AudioCheck.loudMillis(pcm, LOUD), 200, "the 2 s tone is in it");
        assertTrue(AudioCheck.toneShare(pcm, 440) > 0.5, "at 440 Hz");
        short[] beep = phone.audioSince(start);
        assertTrue(AudioCheck.toneShare(java.util.Arrays.copyOf(beep, Math.min(beep.length, 4000)), 1000) > 0.3, "the phone heard the 1 kHz start beep");
        String other = recording.attr("uri").replaceAll("[0-9a-f]{32}", "0".repeat(32));
        assertEquals(404, http.send(as(URI.create(other), "demo@localhost", cluster.layout().app("demo").password()), HttpResponse.BodyHandlers.discarding()).statusCode(),
                "a recording is only reachable by its own URL");
        call.hangup();
    }

    @Test void dtmfEventsReachTheOwnerAndDtmfTonesReachThePhone() throws Exception {
        RayoCall call = answeredCall();
        phone.sendDigit('5');
        Dtmf signal = call.await(Dtmf.class, WAIT);
        assertNotNull(signal, "a <dtmf signal> event");
        assertEquals("5", signal.signal());
        call.dtmf("12#");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (phone.digitsHeard().size() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(List.of('1', '2', '#'), phone.digitsHeard(), "RFC 4733 events at the phone");
        call.hangup();
    }

    /** The node stays in a join's media path: partners hear each other, an output plays to its own call only, keys pass through. */
    @Test void joinedCallsHearEachOtherAndAnOutputPlaysToItsOwnCallOnly() throws Exception {
        RayoCall first = answeredCall();
        TestPhone firstPhone = phone;
        RayoCall second = answeredCall();
        TestPhone secondPhone = phone;
        try {
            first.join(second);
            assertNotNull(first.await(com.rayo.protocol.rayo.JoinTarget.class, WAIT));
            long t0 = System.nanoTime();
            firstPhone.sendTone(440, 1000, 0.3);
            Thread.sleep(200);
            short[] bridged = secondPhone.audioSince(t0);
            assertEquals(1000, AudioCheck.loudMillis(bridged, LOUD), 150, "the second phone hears the first one's second of tone");
            assertTrue(AudioCheck.toneShare(bridged, 440) > 0.5);

            long t1 = System.nanoTime();
            Path beep = dir.resolve("files/tone-1000-1s.wav");
            AudioCheck.writeTone(beep, 1000, 1000);
            assertEquals("finish", reason(first.output(output(null, uri(beep))).await(WAIT)));
            Thread.sleep(200);
            assertEquals(1000, AudioCheck.loudMillis(firstPhone.audioSince(t1), LOUD), 150, "the first phone hears its output");
            assertEquals(0, AudioCheck.loudMillis(secondPhone.audioSince(t1), LOUD), 40, "the partner does not");

            RayoComponent in = second.input(input(null, null, grammar("builtin:dtmf/digits?length=1")));
            secondPhone.sendDigit('8');
            assertTrue(in.await(WAIT).reason().text().contains("<instance>8</instance>"), "an input on a joined call hears its own phone's keys");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!firstPhone.digitsHeard().contains('8') && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(List.of('8'), firstPhone.digitsHeard(), "and the key reaches the partner too, as a relay would pass it");

            first.unjoin(second);
            assertNotNull(first.await(com.rayo.protocol.rayo.JoinTarget.class, WAIT));
            long t2 = System.nanoTime();
            firstPhone.sendTone(440, 500, 0.3);
            Thread.sleep(200);
            assertEquals(0, AudioCheck.loudMillis(secondPhone.audioSince(t2), LOUD), 40, "unjoined: nothing crosses any more");
        } finally {
            first.hangup();
            second.hangup();
            firstPhone.close();
        }
    }

    @Test void muteAndHoldMakeThePhoneHearSilenceAndHangupCompletesTheOutput() throws Exception {
        RayoCall call = answeredCall();
        RayoComponent out = call.output(output(3, uri(tone2s)));
        Thread.sleep(500);
        call.mute();
        Thread.sleep(200);
        long muted = System.nanoTime();
        Thread.sleep(1000);
        long heardMuted = AudioCheck.loudMillis(phone.audioSince(muted), LOUD);
        call.unmute();
        Thread.sleep(300);
        long back = System.nanoTime();
        Thread.sleep(500);
        assertEquals(0, heardMuted, 60, "silence while muted");
        assertTrue(AudioCheck.loudMillis(phone.audioSince(back), LOUD) > 300, "the tone again once unmuted");
        call.hold();
        Thread.sleep(200);
        long held = System.nanoTime();
        Thread.sleep(800);
        assertEquals(0, AudioCheck.loudMillis(phone.audioSince(held), LOUD), 60, "nothing reaches a held phone");
        call.unhold();
        Thread.sleep(300);
        long resumed = System.nanoTime();
        Thread.sleep(500);
        assertTrue(AudioCheck.loudMillis(phone.audioSince(resumed), LOUD) > 300, "and the tone again once unheld");
        phone.hangup();
        assertEquals("hangup", reason(out.await(WAIT)), "hanging up completes the output with hangup");
    }


    static HttpRequest as(URI uri, String user, String password) { return MediaRig.as(uri, user, password); }

    /** An HTTP server that answers 404 to everything. */
    record HttpFixture(com.sun.net.httpserver.HttpServer server) implements AutoCloseable {
        static HttpFixture notFound() throws java.io.IOException {
            com.sun.net.httpserver.HttpServer s = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 4);
            s.createContext("/", x -> {
                x.sendResponseHeaders(404, -1);
                x.close();
            });
            s.start();
            return new HttpFixture(s);
        }

        String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

        @Override public void close() { server.stop(0); }
    }
}
