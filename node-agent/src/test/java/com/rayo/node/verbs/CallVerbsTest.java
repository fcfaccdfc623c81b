package com.rayo.node.verbs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rayo.node.backend.CommandResult;
import com.rayo.node.media.Audio;
import com.rayo.node.media.Wav;
import com.rayo.node.render.AudioFetcher;
import com.rayo.node.render.DocumentRenderer;
import com.rayo.node.render.Tts;
import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.Document;
import com.rayo.protocol.rayo.Input;
import com.rayo.protocol.rayo.Output;
import com.rayo.protocol.rayo.Prompt;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Record;

/** The verbs' logic on a test-driven clock: every length and timeout counted in 20 ms frames and timer milliseconds. */
class CallVerbsTest {
    Path dir;
    Path oneSecond;
    ManualTimer timer;
    FakeMedia media;
    Recordings recordings;
    CallVerbs verbs;
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<RayoElement> elements = new CopyOnWriteArrayList<>();
    final StringBuilder keys = new StringBuilder();

    @BeforeEach void setUp() throws Exception {
        dir = Files.createTempDirectory("verbs-test");
        oneSecond = dir.resolve("one-second.wav");
        Wav.write(Audio.tone(440, 1000, 0.3), oneSecond);
        timer = new ManualTimer();
        media = new FakeMedia();
        recordings = new Recordings(dir.resolve("rec"), "127.0.0.1", 0, "127.0.0.1", Duration.ofHours(1), null);
        DocumentRenderer renderer = new DocumentRenderer(new Tts(dir, 5000), new AudioFetcher(List.of(dir), Duration.ofSeconds(1)), Runnable::run,
                Clock.systemUTC(), 60_000, 1_000_000);
        verbs = new CallVerbs("call-1", media, new VerbContext(renderer, timer, Runnable::run, recordings, Duration.ofMillis(3000)), new VerbEvents() {
            @Override public void componentEvent(String callId, String componentId, RayoElement event) {
                events.add(event.toXml().name() + (event instanceof Complete c ? ":" + c.reasonName() : ""));
                elements.add(event);
            }

            @Override public void dtmf(String callId, char key) { keys.append(key); }
        });
    }

    @AfterEach void tearDown() throws Exception {
        recordings.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    Output output(Integer offset, Boolean paused, Integer interval, Integer times, Integer maxTime) {
        return new Output(offset, paused, interval, times, maxTime, null, null,
                List.of(Document.text("text/uri-list", oneSecond.toUri().toString(), "document", RayoNamespaces.OUTPUT)));
    }

    static Input input(String terminator, Integer initial, Integer interDigit, String grammar) {
        return new Input("dtmf", terminator, null, null, initial, interDigit, null, null, null, List.of(new Document(null, grammar, null)));
    }

    String start(RayoElement verb) {
        CommandResult r = verbs.start(verb);
        assertTrue(r.ok(), r.text());
        return r.componentId();
    }

    Complete lastComplete() {
        for (int i = elements.size() - 1; i >= 0; i--) if (elements.get(i) instanceof Complete c) return c;
        return null;
    }

    @Test void anOutputFinishesWithItsLastFrameAndRepeatsWithItsInterval() {
        start(output(null, null, null, null, null));
        media.ticks(49, null);
        assertEquals(List.of(), events, "not before the 50th frame");
        media.ticks(2, null);
        assertEquals(List.of("complete:finish"), events);
        assertEquals(50, media.soundFrames(), "one second is 50 frames");

        media.sent.clear();
        events.clear();
        start(output(500, null, 200, 2, null));
        media.ticks(100, null);
        assertEquals(List.of("complete:finish"), events);
        assertEquals(25 + 50, media.soundFrames(), "half from the start-offset, then the whole document again");
        long silentBetween = media.sent.subList(25, 35).stream().filter(f -> f != null && Audio.rms(f) < 1).count();
        assertEquals(10, silentBetween, "200 ms of silence between the passes");
    }

    @Test void pauseSeekAndMaxTime() {
        String id = start(output(null, true, null, null, 3000));
        media.ticks(10, null);
        assertEquals(0, media.soundFrames(), "start-paused");
        verbs.command(id, new ComponentCommand("resume", RayoNamespaces.OUTPUT, java.util.Map.of()));
        media.ticks(10, null);
        verbs.command(id, new ComponentCommand("seek", RayoNamespaces.OUTPUT, java.util.Map.of("direction", "forward", "amount", "600")));
        media.ticks(20, null);
        assertEquals(List.of("complete:finish"), events, "200 ms played + 600 ms skipped + 200 ms: done within 20 more frames");
        assertEquals(20, media.soundFrames());

        events.clear();
        start(output(null, null, null, 0, 2500));
        timer.advance(2499);
        assertEquals(List.of(), events, "repeat-times=0 plays until stopped");
        timer.advance(1);
        assertEquals(List.of("complete:max-time"), events);
    }

    @Test void volumeAndSpeedActOnTheNextFrame() {
        String id = start(output(null, null, null, null, null));
        media.ticks(5, null);
        double before = Audio.rms(media.sent.get(4));
        verbs.command(id, new ComponentCommand("volume-down", RayoNamespaces.OUTPUT, java.util.Map.of()));
        verbs.command(id, new ComponentCommand("volume-down", RayoNamespaces.OUTPUT, java.util.Map.of()));
        media.ticks(1, null);
        assertEquals(before / 2, Audio.rms(media.sent.get(5)), before * 0.05, "two steps down: half the amplitude");
        verbs.command(id, new ComponentCommand("speed-up", RayoNamespaces.OUTPUT, java.util.Map.of()));
        verbs.command(id, new ComponentCommand("speed-up", RayoNamespaces.OUTPUT, java.util.Map.of()));
        media.ticks(40, null);
        assertEquals(List.of("complete:finish"), events, "at 1.5x the other 47 frames take 32");
    }

    @Test void inputTimersAreExactAndStartOfInputComesOnce() {
        start(input(null, 500, null, "builtin:dtmf/digits?length=2"));
        timer.advance(499);
        assertEquals(List.of(), events);
        timer.advance(1);
        assertEquals(List.of("complete:noinput"), events);

        events.clear();
        start(input(null, 500, 1000, "builtin:dtmf/digits?minlength=1&maxlength=4"));
        timer.advance(400);
        media.press('1');
        media.press('2');
        timer.advance(999);
        assertEquals(List.of("start-of-input"), events, "the initial timer stopped at the first key");
        timer.advance(1);
        assertEquals(List.of("start-of-input", "complete:match"), events);
        assertTrue(lastComplete().reason().text().contains("<input mode=\"dtmf\" confidence=\"100\">1 2</input><instance>12</instance>"), lastComplete().toString());
        assertEquals("12", keys.toString(), "every key is also a dtmf event of the call");
    }

    @Test void terminatorNomatchAndTheContextsDefaultInterDigitTimeout() {
        start(input("#", null, null, "builtin:dtmf/digits?length=3"));
        media.press('4');
        media.press('#');
        assertEquals("complete:nomatch", events.get(events.size() - 1), "the terminator ends it: 4 is not three digits");

        events.clear();
        start(input(null, null, null, "builtin:dtmf/boolean"));
        media.press('9');
        assertEquals(List.of("start-of-input", "complete:nomatch"), events, "a key no grammar can take: nomatch at once, never a match");

        events.clear();
        start(input(null, null, null, "builtin:dtmf/digits"));
        media.press('5');
        timer.advance(2999);
        assertEquals(List.of("start-of-input"), events);
        timer.advance(1);
        assertEquals("complete:match", events.get(1), "3000 ms: the node's default inter-digit timeout");
    }

    @Test void promptBargeInStopsTheOutputAndStartsTheTimers() {
        start(new Prompt(null, output(null, null, null, null, null), input(null, 1000, null, "builtin:dtmf/digits?length=2")));
        media.ticks(10, null);
        media.press('4');
        media.ticks(5, null);
        assertEquals(10, media.soundFrames(), "nothing played after the key");
        assertEquals(List.of("start-of-input", "input-timers-started"), events);
        media.press('2');
        assertEquals("complete:match", events.get(2));

        events.clear();
        media.sent.clear();
        start(new Prompt(false, output(null, null, null, null, null), input(null, 1000, null, "builtin:dtmf/digits?length=1")));
        media.ticks(10, null);
        media.press('7');
        assertEquals(List.of(), events, "without barge-in a key during the output is not heard");
        media.ticks(45, null);
        assertEquals(List.of("input-timers-started"), events);
        timer.advance(1000);
        assertEquals(List.of("input-timers-started", "complete:noinput"), events);
    }

    /** Regression: barge-in started the timers while the first key armed its own, and the orphaned timer ended the input 3 s after the first key. */
    @Test void aBargedInPromptWaitsTheInterDigitTimeoutFromTheLastKey() {
        start(new Prompt(null, output(null, null, null, null, null), input(null, null, null, "builtin:dtmf/digits?length=3")));
        media.ticks(5, null);
        media.press('1');
        timer.advance(2000);
        media.press('2');
        timer.advance(2000);
        assertEquals(List.of("start-of-input", "input-timers-started"), events, "4 s after the first key, 2 s after the last: still waiting");
        media.press('3');
        assertEquals("complete:match", events.get(2));
        assertTrue(lastComplete().reason().text().contains("<instance>123</instance>"));
    }

    @Test void recordTimeoutsCountFramesAndTheRecordingIsServed() throws Exception {
        short[] voice = Audio.tone(440, 20, 0.3).samples();
        start(new Record(null, null, null, null, null, 1000, null, "recv", null));
        media.ticks(49, null);
        assertEquals(List.of(), events);
        media.ticks(1, null);
        assertEquals(List.of("complete:initial-timeout"), events);
        assertEquals("1000", lastComplete().extras().get(0).attr("duration"));

        events.clear();
        start(new Record(null, true, null, null, null, null, 500, "recv", null));
        media.ticks(13, voice);
        assertEquals(13, media.soundFrames(), "the 250 ms beep (12.5 frames) is played first");
        media.ticks(50, voice);
        media.ticks(24, null);
        assertEquals(List.of(), events);
        media.ticks(1, null);
        assertEquals(List.of("complete:final-timeout"), events, "500 ms of silence after the voice");
        var rec = lastComplete().extras().get(0);
        assertEquals(String.valueOf((50 + 25) * 20), rec.attr("duration"), "the beep is not in the recording");
        var http = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(rec.attr("uri"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, http.statusCode());
        Audio wav = Wav.decode(http.body());
        assertEquals((50 + 25) * 160, wav.samples().length);

        events.clear();
        String id = start(new Record(null, null, null, null, 1000, null, null, "duplex", null));
        media.ticks(20, voice);
        verbs.command(id, new ComponentCommand("pause", RayoNamespaces.RECORD, java.util.Map.of()));
        media.ticks(100, voice);
        verbs.command(id, new ComponentCommand("resume", RayoNamespaces.RECORD, java.util.Map.of()));
        media.ticks(30, voice);
        assertEquals(List.of("complete:max-duration"), events, "paused time does not count");
    }

    @Test void hangupCompletesEveryRunningComponent() {
        start(output(null, null, null, 0, null));
        start(input(null, null, null, "builtin:dtmf/digits"));
        assertEquals(2, verbs.active());
        verbs.hangup();
        assertEquals(List.of("complete:hangup", "complete:hangup"), events);
        assertEquals(0, verbs.active());
        assertTrue(media.sources.isEmpty() && media.listeners.isEmpty(), "nothing left attached to the call's media");
    }

    @Test void commandsToUnknownComponentsAndBadVerbsAreRefused() {
        assertEquals(com.rayo.protocol.StanzaError.ITEM_NOT_FOUND, verbs.command("nope", new ComponentCommand("stop", RayoNamespaces.EXT, java.util.Map.of())).error());
        CommandResult mp3 = verbs.start(new Record("mp3", null, null, null, null, null, null, null, null));
        assertEquals(com.rayo.protocol.StanzaError.BAD_REQUEST, mp3.error());
        assertTrue(mp3.text().contains("mp3"), mp3.text());
        start(new Output(null, null, null, null, null, null, null, List.of(Document.text("text/uri-list", "file:///etc/passwd", "document", RayoNamespaces.OUTPUT))));
        Complete outside = lastComplete();
        start(new Output(null, null, null, null, null, null, "zz", List.of(Document.text("text/plain", "hello", "document", RayoNamespaces.OUTPUT))));
        assertEquals("unknown voice 'zz'", lastComplete().reason().text(), "espeak-ng's refusal, said plainly");
        assertEquals("error", outside.reasonName());
        assertTrue(outside.reason().text().contains("outside the node's media folders"), outside.toString());
    }
}
