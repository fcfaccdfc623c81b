package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.node.sip.SipCallBackend;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Header;
import com.rayo.protocol.rayo.JoinTarget;
import com.rayo.protocol.rayo.Reject;
import com.rayo.protocol.rayo.Signal;
import com.rayo.protocol.xml.XmlElement;
import com.rayo.rtp.RtpCluster;
import com.rayo.rtp.config.RtpClusterConfig;
import com.rayo.testkit.Ports;
import com.rayo.testkit.Rtpengine;
import com.rayo.testkit.Sipp;
import com.rayo.testkit.WorkDirs;

/**
 * A node on the SIP backend behind the gateway, media anchored through the RTP cluster
 * balancer in front of a real rtpengine, calling and called by real SIPp user agents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SipCallsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    Path dir;
    /** Two relays behind the balancer: one can die while the other takes the calls. */
    final List<Rtpengine> relays = new java.util.ArrayList<>();
    RtpCluster balancer;
    LocalCluster cluster;
    int nodeSip;

    @BeforeAll void start() throws Exception {
        assertTrue(Sipp.installed(), "SIPp is needed: apt-get install -y sip-tester (bin/rayo test installs it)");
        assertTrue(Rtpengine.installed(), "rtpengine is needed: apt-get install -y rtpengine-daemon (bin/rayo test installs it)");
        dir = Files.createTempDirectory("rayo-sip-test");
        List<RtpClusterConfig.LocalRelay> fronted = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Rtpengine r = new Rtpengine(Ports.free(), Ports.free(), 24000 + i * 1000, 24999 + i * 1000, dir.resolve("rtpengine" + i + ".log")).start(Duration.ofSeconds(10));
            relays.add(r);
            fronted.add(new RtpClusterConfig.LocalRelay(r.controlPort(), r.ngPort()));
        }
        int ng = Ports.free();
        // Free admin and metrics ports: never the local cluster's.
        balancer = new RtpCluster(RtpClusterConfig.localNg(ng, Ports.free(), Ports.free(), 100, fronted, dir));
        nodeSip = Ports.free();
        cluster = LocalCluster.start(1, "native", "", "rayo.node { backend = sip, sip { port = " + nodeSip + ", no-answer-timeout = 3s }, media { ng = \"127.0.0.1:"
                + ng + "\", check-interval = 500ms } }\n");
    }

    @AfterAll void stop() throws Exception {
        if (cluster != null) cluster.close();
        if (balancer != null) balancer.close();
        for (Rtpengine r : relays) r.close();
        WorkDirs.delete(dir);
    }

    SipCallBackend sip() { return (SipCallBackend) cluster.node(1).backend(); }

    @Test void outboundCallRingsAnswersAndTheApplicationHangsUpWithBye() throws Exception {
        int uasPort = Ports.free();
        try (Sipp uas = Sipp.start("uas", null, uasPort, 1, dir); RayoClient app = cluster.client("demo", "sip-out")) {
            RayoCall call = app.dial("sip:bob@127.0.0.1:" + uasPort, "sip:demo@example.com");
            assertNotNull(call.awaitSignal(Signal.Type.RINGING, WAIT), "ringing on 180");
            assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT), "answered on 200");
            Map<String, Object> media = sip().mediaOf(call.id());
            assertEquals("ok", media.get("result"), "the relay holds the call: " + media);
            call.hangup();
            assertEquals(End.Reason.HANGUP_COMMAND, call.await(End.class, WAIT).reason());
            assertEquals(List.of("ringing", "answered", "end"), call.events().stream().map(e -> e.toXml().name()).toList());
            assertEquals(0, uas.awaitExit(WAIT), "SIPp UAS saw INVITE, ACK and BYE as scripted:\n" + uas.output());
            assertEquals(0, sip().activeCalls());
            awaitNoRelaySessions();
            java.util.Map<String, Long> counts = sip().counters().snapshot();
            assertTrue(counts.getOrDefault("sip|received|1xx", 0L) >= 1 && counts.getOrDefault("sip|received|2xx", 0L) >= 2,
                    "the node's metrics count the 180, the 200 and the 200 to BYE: " + counts);
        }
    }

    @Test void refusalsMapToEndReasons() throws Exception {
        Object[][] cases = {{"486", "Busy Here", End.Reason.BUSY}, {"603", "Decline", End.Reason.REJECTED},
                {"480", "Temporarily Unavailable", End.Reason.TIMEOUT}, {"500", "Server Internal Error", End.Reason.ERROR}};
        try (RayoClient app = cluster.client("demo", "sip-refused")) {
            for (Object[] c : cases) {
                int port = Ports.free();
                try (Sipp uas = Sipp.start("uas-refuse.xml", Map.of("status", (String) c[0], "reason", (String) c[1]), null, port, 1, dir)) {
                    RayoCall call = app.dial("sip:carol@127.0.0.1:" + port, null);
                    End end = call.await(End.class, WAIT);
                    assertNotNull(end, "end after " + c[0]);
                    assertEquals(c[2], end.reason(), "SIP " + c[0]);
                    assertEquals(0, uas.awaitExit(WAIT), "SIPp got its ACK for " + c[0] + ":\n" + uas.output());
                }
            }
        }
        awaitNoRelaySessions();
    }

    @Test void unansweredCallIsCancelledAndEndsWithTimeout() throws Exception {
        int port = Ports.free();
        try (Sipp uas = Sipp.start("uas-noanswer.xml", null, port, 1, dir); RayoClient app = cluster.client("demo", "sip-noanswer")) {
            RayoCall call = app.dial("sip:dave@127.0.0.1:" + port, null);
            assertNotNull(call.awaitSignal(Signal.Type.RINGING, WAIT));
            End end = call.await(End.class, WAIT);
            assertNotNull(end, "ended by the node's no-answer timer (3 s)");
            assertEquals(End.Reason.TIMEOUT, end.reason());
            assertEquals(0, uas.awaitExit(WAIT), "SIPp got CANCEL and the ACK of its 487:\n" + uas.output());
        }
        awaitNoRelaySessions();
    }

    @Test void inboundCallIsOfferedWithItsHeadersAnsweredAndItsRtpGoesThroughTheRelay() throws Exception {
        inbound("uac-media.xml", Map.of(), call -> {
            assertTrue(call.offer().to().startsWith("sip:demo@127.0.0.1"), call.offer().to());
            assertTrue(call.offer().headers().contains(new Header("X-Rayo-Test", "inbound")), "SIP headers in the offer: " + call.offer().headers());
            call.accept();
            call.answer();
            eventually("SIPp's RTP counted by the relay", () -> rtpPackets(call.id()) > 0);
            call.hangup();
            assertEquals(End.Reason.HANGUP_COMMAND, call.await(End.class, WAIT).reason());
        });
        awaitNoRelaySessions();
    }

    @Test void aDrainingNodeTurnsNewInvitesAwayWith503() throws Exception {
        String address = "sip:demo@127.0.0.1:" + nodeSip;
        cluster.gateway().admin().registerAddress("demo@localhost", address);
        try (com.rayo.testkit.TestPhone phone = new com.rayo.testkit.TestPhone()) {
            cluster.gateway().admin().drainNode("node1.localhost", 5);
            java.io.IOException refused = assertThrows(java.io.IOException.class, () -> phone.call(address, WAIT));
            assertTrue(refused.getMessage().contains("503"), "the caller's proxy may try another node: " + refused.getMessage());
        } finally {
            cluster.gateway().admin().resumeNode("node1.localhost");
            cluster.gateway().admin().unregisterAddress(address);
        }
        eventually("back in service", () -> cluster.gateway().nodes().find("node1.localhost").takesCalls());
    }

    @Test void inboundRejectAndRedirectGiveTheirSipResponses() throws Exception {
        for (Object[] c : new Object[][] {{Reject.Reason.BUSY, "486"}, {Reject.Reason.DECLINE, "603"}, {Reject.Reason.ERROR, "500"}}) {
            inbound("uac-refused.xml", Map.of("status", (String) c[1]), call -> {
                call.reject((Reject.Reason) c[0]);
                assertEquals(End.Reason.HANGUP_COMMAND, call.await(End.class, WAIT).reason());
            });
        }
        inbound("uac-refused.xml", Map.of("status", "302"), call -> {
            call.redirect("sip:elsewhere@127.0.0.1:5999");
            assertEquals(End.Reason.HANGUP_COMMAND, call.await(End.class, WAIT).reason());
        });
        awaitNoRelaySessions();
    }

    @Test void callerWhoCancelsBeforeTheAnswerEndsTheCallAsHungUp() throws Exception {
        inbound("uac-cancel.xml", Map.of(), call -> {
            call.accept(); // 180: the caller cancels after it
            assertEquals(End.Reason.HUNGUP, call.await(End.class, WAIT).reason());
            RayoException late = assertThrows(RayoException.class, call::answer);
            assertEquals(StanzaError.ITEM_NOT_FOUND, late.condition());
        });
        awaitNoRelaySessions();
    }

    @Test void hangupBeforeAnyAnswerCancelsTheInvite() throws Exception {
        int port = Ports.free();
        try (Sipp uas = Sipp.start("uas-noanswer.xml", null, port, 1, dir); RayoClient app = cluster.client("demo", "sip-early-hangup")) {
            RayoCall call = app.dial("sip:frank@127.0.0.1:" + port, null);
            eventually("SIPp got the INVITE (it rings 300 ms later)", () -> uas.traced("INVITE "));
            call.hangup(); // no provisional yet: the CANCEL must wait for one (RFC 3261 9.1)
            assertEquals(End.Reason.HANGUP_COMMAND, call.await(End.class, WAIT).reason());
            assertEquals(0, uas.awaitExit(WAIT), "SIPp got CANCEL after its 180 and the ACK of its 487:\n" + uas.output());
        }
        awaitNoRelaySessions();
    }

    @Test void aRelayLostMidCallEndsItsCallsWithAnErrorAndNewCallsUseTheOtherRelay() throws Exception {
        int port = Ports.free();
        try (Sipp uas = Sipp.start("uas", null, port, 2, dir); RayoClient app = cluster.client("demo", "sip-relay-loss")) {
            RayoCall call = app.dial("sip:gina@127.0.0.1:" + port, null);
            assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT));
            var cluster0 = balancer.clusters().get(0);
            int victim = cluster0.relays().get(0).sessions() == 1 ? 0 : 1;
            assertEquals(1, cluster0.relays().get(victim).sessions(), "the call is on one relay");
            long lostBefore = sip().mediaLost();
            Rtpengine dead = relays.get(victim);
            dead.kill();
            End end = call.await(End.class, WAIT);
            assertNotNull(end, "the node noticed its relay session is gone");
            assertEquals(End.Reason.ERROR, end.reason());
            assertTrue(end.errorText().startsWith("media relay lost"), end.errorText());
            assertEquals(lostBefore + 1, sip().mediaLost());
            // The balancer has noticed too by now: the next call goes to the other relay and works.
            RayoCall next = app.dial("sip:gina@127.0.0.1:" + port, null);
            assertNotNull(next.awaitSignal(Signal.Type.ANSWERED, WAIT), "a new call through the surviving relay");
            assertEquals(1, cluster0.relays().get(1 - victim).sessions());
            next.hangup();
            assertNotNull(next.await(End.class, WAIT));
            assertEquals(0, uas.awaitExit(WAIT), "SIPp got a BYE for both calls:\n" + uas.output());
            relays.set(victim, new Rtpengine(dead.controlPort(), dead.ngPort(), dead.portMin(), dead.portMax(), dir.resolve("rtpengine" + victim + "-again.log"))
                    .start(Duration.ofSeconds(10)));
        }
        eventually("the balancer forgot the dead relay's session", () -> balancer.clusters().get(0).sessionCount() == 0);
    }

    @Test void joinBridgesTwoCallsThroughTheNodeAndUnjoinSeparatesThem() throws Exception {
        int port = Ports.free();
        try (Sipp uas = Sipp.start("uas", null, port, 1, dir); RayoClient out = cluster.client("demo", "sip-join-out")) {
            out.sendPresence(org.jivesoftware.smack.packet.Presence.Mode.dnd); // the offer below must go to the other resource
            RayoCall b = out.dial("sip:hal@127.0.0.1:" + port, null);
            assertNotNull(b.awaitSignal(Signal.Type.ANSWERED, WAIT));
            // A second call, from a SIPp caller that sends RTP (7 s of G.711): its audio must reach the first call's relay session once joined.
            inbound("uac-media.xml", Map.of(), a -> {
                a.answer();
                eventually("the caller's RTP reaches the relay", () -> rtpPackets(a.id()) > 0);
                assertEquals(0, rtpPackets(b.id()), "nothing flows on the outbound call before the join");
                a.join(b);
                assertEquals(JoinTarget.Type.JOINED, a.await(JoinTarget.class, WAIT).type());
                JoinTarget bJoined = b.await(JoinTarget.class, WAIT);
                assertEquals(JoinTarget.Type.JOINED, bJoined.type());
                assertEquals(a.uri(), bJoined.callUri());
                eventually("the caller's RTP bridged into the other call's relay session", () -> rtpPackets(b.id()) > 0);
                a.unjoin(b);
                assertEquals(JoinTarget.Type.UNJOINED, a.await(JoinTarget.class, WAIT).type());
                assertEquals(JoinTarget.Type.UNJOINED, b.await(JoinTarget.class, WAIT).type());
                a.hangup();
                assertEquals(End.Reason.HANGUP_COMMAND, a.await(End.class, WAIT).reason());
            });
            b.hangup();
            assertNotNull(b.await(End.class, WAIT));
            assertEquals(0, uas.awaitExit(WAIT), uas.output());
        }
        awaitNoRelaySessions();
    }

    @Test void aPeerThatNeverRespondsGetsRetransmissionsAndTheCallEndsWithTimeout() throws Exception {
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             RayoClient app = cluster.client("demo", "sip-silent")) {
            silent.setSoTimeout(2000);
            RayoCall call = app.dial("sip:ivan@127.0.0.1:" + silent.getLocalPort(), null);
            int invites = 0;
            byte[] buf = new byte[65536];
            for (int i = 0; i < 2; i++) {
                java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                silent.receive(p);
                if (new String(buf, 0, p.getLength(), java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("INVITE ")) invites++;
            }
            assertEquals(2, invites, "the INVITE and its retransmission (timer A)");
            End end = call.await(End.class, WAIT);
            assertNotNull(end, "ended by the no-answer timer (3 s)");
            assertEquals(End.Reason.TIMEOUT, end.reason());
        }
        awaitNoRelaySessions();
    }

    @Test void byeAndCancelForUnknownCallsGet481() throws Exception {
        try (java.net.DatagramSocket peer = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(5000);
            for (String method : List.of("BYE", "CANCEL")) {
                String msg = method + " sip:demo@127.0.0.1:" + nodeSip + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + peer.getLocalPort() + ";branch=z9hG4bK-" + method + System.nanoTime() + "\r\n"
                        + "From: <sip:stranger@127.0.0.1>;tag=x1\r\nTo: <sip:demo@127.0.0.1>;tag=y1\r\n"
                        + "Call-ID: no-such-call-" + method + "@127.0.0.1\r\nCSeq: 2 " + method + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                byte[] out = msg.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                peer.send(new java.net.DatagramPacket(out, out.length, java.net.InetAddress.getLoopbackAddress(), nodeSip));
                byte[] buf = new byte[65536];
                java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                peer.receive(p);
                String reply = new String(buf, 0, p.getLength(), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertTrue(reply.startsWith("SIP/2.0 481"), method + " for an unknown call: " + reply.lines().findFirst().orElse(""));
            }
        }
        assertEquals(0, sip().activeCalls());
    }

    interface OfferHandler {
        void handle(RayoCall call) throws Exception;
    }

    /** A SIPp caller runs {@code scenario} against the node, calling the demo application; the offer goes to {@code handler}. */
    void inbound(String scenario, Map<String, String> vars, OfferHandler handler) throws Exception {
        String address = "sip:demo@127.0.0.1:" + nodeSip;
        cluster.gateway().admin().registerAddress("demo@localhost", address);
        Map<String, String> all = new java.util.HashMap<>(vars);
        all.put("to", address);
        LinkedBlockingQueue<RayoCall> offers = new LinkedBlockingQueue<>();
        // The application's only resource now (the other tests close theirs), so the offer comes here.
        try (RayoClient app = cluster.client("demo", "sip-in")) {
            app.onOffer(offers::add);
            try (Sipp uac = Sipp.start(scenario, all, "127.0.0.1:" + nodeSip, Ports.free(), 1, dir)) {
                RayoCall call = offers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(call, "offer from SIPp's INVITE:\n" + uac.output());
                handler.handle(call);
                assertEquals(0, uac.awaitExit(WAIT), "SIPp caller ran " + scenario + " " + vars + " to the end:\n" + uac.output());
            }
        } finally {
            cluster.gateway().admin().unregisterAddress(address);
        }
    }

    @Test void dialToANonSipUriIsABadRequest() throws Exception {
        try (RayoClient app = cluster.client("demo", "sip-bad")) {
            RayoException e = assertThrows(RayoException.class, () -> app.dial("tel:+15551234", null));
            assertEquals(StanzaError.BAD_REQUEST, e.condition(), e.getMessage());
            assertTrue(e.getMessage().contains("not a sip: or sips: URI (scheme 'tel')"), e.getMessage());
            RayoException noHost = assertThrows(RayoException.class, () -> app.dial("sip:bob@", null));
            assertTrue(noHost.getMessage().contains("has no host"), noHost.getMessage());
        }
    }

    @Test void aNonAsciiUserPartIsDialledPercentEncoded() throws Exception {
        int uasPort = Ports.free();
        try (Sipp uas = Sipp.start("uas", null, uasPort, 1, dir); RayoClient app = cluster.client("demo", "sip-utf8")) {
            RayoCall call = app.dial("sip:\uD83D\uDE00jürgen@127.0.0.1:" + uasPort, null);
            assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT), "answered by the far end");
            call.hangup();
            assertEquals(End.Reason.HANGUP_COMMAND, call.await(End.class, WAIT).reason());
            assertEquals(0, uas.awaitExit(WAIT), uas.output());
            assertTrue(uas.traced("INVITE sip:%F0%9F%98%80j%C3%BCrgen@127.0.0.1:" + uasPort), "the request URI is percent-encoded UTF-8:\n" + uas.output());
        }
    }

    @Test void dialToAnUnknownHostIsAcceptedAndEndsWithAnErrorWithoutBlamingTheNode() throws Exception {
        try (RayoClient app = cluster.client("demo", "sip-nohost")) {
            RayoCall call = app.dial("sip:nobody@no-such-host.invalid", null);
            End end = call.await(End.class, WAIT);
            assertNotNull(end, "end for an unreachable destination");
            assertEquals(End.Reason.ERROR, end.reason());
            assertTrue(end.errorText().contains("no-such-host.invalid"), end.errorText());
        }
        assertTrue(cluster.gateway().nodes().all().get(0).takesCalls(), "a bad destination is not the node's failure");
        awaitNoRelaySessions();
    }

    /** RTP packets the relay counted for a call, 0 when it has none yet. */
    long rtpPackets(String callId) {
        try {
            Map<String, Object> q = sip().mediaOf(callId);
            if (q != null && q.get("totals") instanceof Map<?, ?> totals && totals.get("RTP") instanceof Map<?, ?> rtp && rtp.get("packets") instanceof Long n) return n;
        } catch (java.io.IOException e) {
            // not yet
        }
        return 0;
    }

    void awaitNoRelaySessions() throws InterruptedException {
        eventually("the balancer holds no session", () -> balancer.clusters().get(0).sessionCount() == 0);
    }

    static void eventually(String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + WAIT.toMillis() + " ms: " + what);
            Thread.sleep(20);
        }
    }
}
