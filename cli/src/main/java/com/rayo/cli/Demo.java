package com.rayo.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoComponent;
import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.Document;
import com.rayo.protocol.rayo.Input;
import com.rayo.protocol.rayo.Output;
import com.rayo.protocol.rayo.Prompt;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Record;
import com.rayo.protocol.xml.XmlElement;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;
import com.rayo.testkit.Ports;
import com.rayo.testkit.Sipp;

/**
 * The demo {@code bin/rayo up} runs: the application dials a real SIP phone (SIPp) through the
 * gateway, then a SIP caller (SIPp, sending RTP) calls the application's address on a node, then
 * another caller goes through a small IVR (prompt, digits, confirmation, recording).
 */
final class Demo {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final RayoClient client;
    private final ClusterLayout.App app;
    private final String phone;
    private final String nodeSip;
    private final Path logs;
    private final LinkedBlockingQueue<RayoCall> offers = new LinkedBlockingQueue<>();
    private long t0;

    /** @param phone the SIP URI that answers; @param nodeSip host:port of a node's SIP stack; @param logs where SIPp writes */
    Demo(RayoClient client, ClusterLayout.App app, String phone, String nodeSip, Path logs) {
        this.client = client;
        this.app = app;
        this.phone = phone;
        this.nodeSip = nodeSip;
        this.logs = logs;
        client.onOffer(offers::add);
    }

    int run() throws Exception {
        System.out.println();
        System.out.println("Demo: application " + app.jid() + "/demo dials the SIP phone " + phone + " through the gateway");
        t0 = System.nanoTime();
        RayoCall call = client.dial(phone, app.addresses().isEmpty() ? null : app.addresses().get(0));
        line("dial " + phone, "ref " + call.uri());
        if (!expect(call, Signal.Type.RINGING) || !expect(call, Signal.Type.ANSWERED)) return 1;
        call.hangup();
        line("hangup (BYE to the phone)", "ok");
        if (!expectEnd(call)) return 1;

        if (app.addresses().isEmpty()) return 0;
        String address = app.addresses().get(0);
        System.out.println();
        System.out.println("Demo: a SIP caller (SIPp, with RTP) calls " + address + " on the node at " + nodeSip);
        t0 = System.nanoTime();
        try (Sipp caller = Sipp.start("uac-media.xml", Map.of("to", address), nodeSip, Ports.free(), 1, logs)) {
            RayoCall in = nextOffer(caller);
            if (in == null) return 1;
            line("offer from " + in.offer().from(), "to " + in.offer().to() + " as " + in.uri());
            in.answer();
            line("answer (200 OK, SDP via the relay)", "ok");
            Thread.sleep(1000); // a second of the caller's RTP through the relay
            in.hangup();
            line("hangup (BYE to the caller)", "ok");
            if (!expectEnd(in)) return 1;
            int exit = caller.awaitExit(WAIT);
            line("caller's scenario", exit == 0 ? "completed (INVITE, 200, ACK, RTP, BYE)" : "FAILED, exit " + exit);
            if (exit != 0) return 1;
        }
        if (ivr(address) != 0) return 1;
        if (conference(address) != 0) return 1;
        System.out.println();
        System.out.println("All calls went through the gateway: events came from CALLID@" + ClusterLayout.EXTERNAL + ", never from a node;");
        System.out.println("their media went through a relay chosen by the RTP cluster balancer.");
        return 0;
    }

    /** A caller (SIPp) reaches a small IVR: a spoken prompt, four digits, a confirmation, a 3 s recording. */
    private int ivr(String address) throws Exception {
        System.out.println();
        System.out.println("Demo IVR: a caller (SIPp) calls " + address + ", hears a prompt (espeak-ng), keys 1234 (RFC 4733), talks; the application records it");
        t0 = System.nanoTime();
        try (Sipp caller = Sipp.start("uac-ivr.xml", Map.of("to", address), nodeSip, Ports.free(), 1, logs)) {
            RayoCall call = nextOffer(caller);
            if (call == null) return 1;
            call.answer();
            line("offer, answer", call.uri());
            RayoComponent prompt = call.prompt(new Prompt(null, speak("Welcome to the Rayo gateway. Please enter four digits."),
                    new Input("dtmf", null, null, null, 10000, 3000, null, null, null, List.of(new Document(null, "builtin:dtmf/digits?length=4", null)))));
            line("prompt (SSML + input digits, barge-in)", prompt.id());
            Complete input = prompt.await(Duration.ofSeconds(20));
            String digits = input == null ? null : instance(input);
            line("complete", input == null ? "none" : input.reasonName() + (digits == null ? "" : " " + digits));
            if (digits == null) return fail(call, "no match for four digits");
            Complete said = call.output(speak("You entered " + String.join(" ", digits.split("")) + ". Please speak after the beep.")).await(WAIT);
            line("output (confirmation)", said == null ? "none" : said.reasonName());
            RayoComponent rec = call.record(new Record(null, true, null, null, 3000, null, null, "duplex", null));
            Complete recorded = rec.await(WAIT);
            XmlElement r = recorded == null || recorded.extras().isEmpty() ? null : recorded.extras().get(0);
            line("record (beep, 3 s)", r == null ? "none" : recorded.reasonName() + ", " + r.attr("duration") + " ms, " + r.attr("size") + " bytes");
            if (r == null) return fail(call, "no recording");
            // Served to its owner only: HTTP Basic with the application's XMPP login (docs/media.md).
            System.out.println("           recording: curl -u " + app.jid() + ":" + app.password() + " -o ivr.wav " + r.attr("uri"));
            call.hangup();
            line("hangup", "ok");
            if (!expectEnd(call)) return 1;
            int exit = caller.awaitExit(WAIT);
            line("caller's scenario", exit == 0 ? "completed (prompt heard, digits sent, talked, BYE)" : "FAILED, exit " + exit);
            return exit == 0 ? 0 : 1;
        }
    }

    /** Two callers (SIPp, sending RTP) meet in a room: joined events, who speaks, an announcement to both, the room gone with them. */
    private int conference(String address) throws Exception {
        System.out.println();
        System.out.println("Demo conference: two callers (SIPp) call " + address + "; the application puts both in mixer 'demo-room'");
        t0 = System.nanoTime();
        try (Sipp first = Sipp.start("uac-media.xml", Map.of("to", address), nodeSip, Ports.free(), 1, logs);
             Sipp second = Sipp.start("uac-media.xml", Map.of("to", address), nodeSip, Ports.free(), 1, logs)) {
            RayoCall a = nextOffer(first), b = a == null ? null : nextOffer(second);
            if (b == null) return 1;
            RayoCall room = client.mixer("demo-room");
            for (RayoCall c : List.of(a, b)) {
                c.answer();
                c.join("demo-room", null);
                line("answer, join mixer-name='demo-room'", c.uri());
            }
            line("mixer presence", room.awaitPresence(true, WAIT) ? room.uri() + " available" : "none");
            Complete announced = room.output(speak("Welcome to the conference room.")).await(WAIT);
            line("output to the room (both hear it)", announced == null ? "none" : announced.reasonName());
            for (com.rayo.protocol.rayo.RayoElement e : room.events()) {
                if (e instanceof com.rayo.protocol.rayo.JoinTarget j) line("room event " + j.type().element(), j.callUri());
                if (e instanceof com.rayo.protocol.rayo.Speaking sp) line("room event " + (sp.started() ? "started-speaking" : "stopped-speaking"), sp.callUri());
            }
            for (RayoCall c : List.of(a, b)) {
                c.hangup();
                if (!expectEnd(c)) return 1;
            }
            line("mixer presence", room.awaitPresence(false, WAIT) ? "unavailable: the room went with its last caller" : "FAILED: still there");
            int exit = Math.max(first.awaitExit(WAIT), second.awaitExit(WAIT));
            line("callers' scenarios", exit == 0 ? "completed" : "FAILED, exit " + exit);
            return exit == 0 ? 0 : 1;
        }
    }

    /** The offer of the call {@code caller} makes, or null (said) when none comes. */
    private RayoCall nextOffer(Sipp caller) throws InterruptedException {
        RayoCall call = offers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (call == null) System.out.println("  FAILED: no offer arrived within " + WAIT.toSeconds() + " s; see " + logs.resolve("sipp-" + caller.port() + ".log"));
        return call;
    }

    private static Output speak(String text) {
        return new Output(null, null, null, null, null, null, null, List.of(new Document("application/ssml+xml", null,
                XmlElement.builder("document", RayoNamespaces.OUTPUT).attr("content-type", "application/ssml+xml")
                        .child(XmlElement.builder("speak", "http://www.w3.org/2001/10/synthesis").text(text).build()).build())));
    }

    /** The digits of an NLSML match, or null. */
    private static String instance(Complete c) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<instance>([^<]*)</instance>").matcher(c.reason().text());
        return c.reasonName().equals("match") && m.find() ? m.group(1) : null;
    }

    private int fail(RayoCall call, String why) throws Exception {
        System.out.println("  FAILED: " + why);
        call.hangup();
        return 1;
    }

    private boolean expect(RayoCall call, Signal.Type type) throws InterruptedException {
        Signal s = call.awaitSignal(type, WAIT);
        if (s == null) {
            System.out.println("  FAILED: no " + type.element() + " event within " + WAIT.toSeconds() + " s");
            return false;
        }
        line("event " + type.element(), "");
        return true;
    }

    private boolean expectEnd(RayoCall call) throws InterruptedException {
        End e = call.await(End.class, WAIT);
        if (e == null) {
            System.out.println("  FAILED: no end event within " + WAIT.toSeconds() + " s");
            return false;
        }
        line("event end", e.reason().element());
        return true;
    }

    private void line(String what, String detail) {
        System.out.printf("  %6.1f ms  %-34s %s%n", (System.nanoTime() - t0) / 1e6, what, detail);
    }

}
