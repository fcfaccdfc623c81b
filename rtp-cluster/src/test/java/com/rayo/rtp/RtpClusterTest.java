package com.rayo.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.rayo.rtp.cluster.Cluster;
import com.rayo.rtp.config.RtpClusterConfig;
import com.rayo.rtp.protocol.RtpproxyClient;
import com.rayo.rtp.relay.Relay;
import com.rayo.rtp.relay.RelayState;
import com.rayo.testkit.Ports;
import com.rayo.testkit.Rtpengine;

/** The balancer in front of three real rtpengine instances. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RtpClusterTest {
    final List<Rtpengine> relays = new ArrayList<>();
    RtpCluster balancer;
    RtpproxyClient signalling;
    Cluster cluster;
    int adminPort;
    int ngPort;
    Path dir;

    @BeforeAll void start() throws Exception {
        assertTrue(Rtpengine.installed(), "rtpengine is needed: apt-get install -y rtpengine-daemon (bin/rayo test installs it)");
        dir = Files.createTempDirectory("rtp-cluster-test");
        StringBuilder relaysConf = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            Rtpengine r = new Rtpengine(Ports.free(), Ports.free(), 28000 + i * 1000, 28999 + i * 1000, dir.resolve("rtpengine" + i + ".log"));
            relays.add(r.start(Duration.ofSeconds(10)));
            relaysConf.append("{ name = r").append(i).append(", address = \"127.0.0.1:").append(r.controlPort()).append("\", ng-address = \"127.0.0.1:")
                    .append(r.ngPort()).append("\", capacity = 1000, weight = ").append(i + 1).append(" }\n");
        }
        int control = Ports.free();
        ngPort = Ports.free();
        adminPort = Ports.free();
        balancer = new RtpCluster(RtpClusterConfig.fromString("rayo.rtp-cluster { clusters = [ { name = \"media\", control = [\"udp:127.0.0.1:" + control
                + "\", \"ng:127.0.0.1:" + ngPort + "\", \"unix:" + dir.resolve("control.sock") + "\"], relays = [\n" + relaysConf + "] } ]\n"
                + "admin = [\"tcp:127.0.0.1:" + adminPort + "\", \"unix:" + dir.resolve("admin.sock") + "\"]\n"
                + "metrics = \"127.0.0.1:" + Ports.free() + "\" }\n", dir));
        cluster = balancer.clusters().get(0);
        signalling = new RtpproxyClient(new InetSocketAddress("127.0.0.1", control), 3000);
    }

    @AfterAll void stop() throws Exception {
        if (signalling != null) signalling.close();
        if (balancer != null) balancer.close();
        for (Rtpengine r : relays) r.close();
    }

    @AfterEach void allRelaysUp(org.junit.jupiter.api.TestInfo test) throws Exception {
        assertEquals(0, cluster.sessionCount(), test.getDisplayName() + " left sessions behind");
        for (Relay r : cluster.relays()) r.setAdminState(RelayState.ONLINE);
        awaitState(0, RelayState.ONLINE, Duration.ofSeconds(5));
        awaitState(1, RelayState.ONLINE, Duration.ofSeconds(5));
        awaitState(2, RelayState.ONLINE, Duration.ofSeconds(5));
    }

    int relayOf(String reply) {
        int port = Integer.parseInt(reply.split(" ")[0]);
        for (int i = 0; i < relays.size(); i++) if (relays.get(i).ownsPort(port)) return i;
        throw new AssertionError("port " + port + " belongs to no relay: " + reply);
    }

    String offer(String callId) throws Exception {
        return signalling.send("Uc0,8,101 " + callId + " 127.0.0.1 5000 from;1");
    }

    void awaitState(int relay, RelayState state, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        Relay r = cluster.relays().stream().filter(x -> x.name().equals("r" + relay)).findFirst().orElseThrow();
        while (r.state() != state) {
            if (System.nanoTime() > deadline) throw new AssertionError("r" + relay + " is " + r.state() + ", not " + state + " after " + max.toMillis() + " ms");
            Thread.sleep(5);
        }
    }

    @Test void sessionsSpreadByWeightAndEveryCommandOfASessionReachesItsRelay() throws Exception {
        Map<Integer, Integer> placed = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String id = "spread-" + i;
            String u = offer(id);
            assertNotNull(u, "U answered");
            int relay = relayOf(u);
            placed.merge(relay, 1, Integer::sum);
            String l = signalling.send("Lc0,8,101 " + id + " 127.0.0.1 6000 from;1 to;1");
            assertEquals(relay, relayOf(l), "L reached the relay that holds the session (rtpengine rewrote its port)");
            assertEquals("0", signalling.send("D " + id + " from"), "D deleted it on its relay");
        }
        // weights 1:2:3 with equal capacity (and no session left open): shares 1/6, 2/6, 3/6
        assertEquals(50, placed.getOrDefault(0, 0), 25);
        assertEquals(100, placed.getOrDefault(1, 0), 30);
        assertEquals(150, placed.getOrDefault(2, 0), 30);
        assertEquals(0, cluster.sessionCount(), "deleted sessions are forgotten");
    }

    @Test void theClusterIsAnMBeanAndExportsMetrics() throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("com.rayo.rtp:Type=RtpCluster,name=media");
        String u = offer("mbean-call");
        assertEquals(1, server.getAttribute(name, "Sessions"));
        javax.management.openmbean.CompositeData[] rs = (javax.management.openmbean.CompositeData[]) server.getAttribute(name, "Relays");
        assertEquals(3, rs.length);
        assertEquals("online", rs[0].get("state"));
        server.invoke(name, "suspend", new Object[] {"r0"}, new String[] {String.class.getName()});
        assertEquals(RelayState.SUSPENDED, cluster.relay("r0").state());
        javax.management.RuntimeMBeanException bad = assertThrows(javax.management.RuntimeMBeanException.class,
                () -> server.invoke(name, "suspend", new Object[] {"nosuch"}, new String[] {String.class.getName()}));
        assertTrue(bad.getCause().getMessage().contains("no relay named nosuch"));
        server.invoke(name, "resume", new Object[] {"r0"}, new String[] {String.class.getName()});
        java.net.http.HttpResponse<String> m = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + balancer.metrics().port() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(m.body().contains("rtp_cluster_sessions{cluster=\"media\"} 1"), m.body());
        assertTrue(m.body().contains("rtp_cluster_relay_sessions{cluster=\"media\",relay=\"r" + relayOf(u) + "\"} 1"), m.body());
        assertTrue(m.body().contains("rtp_cluster_relay_online{cluster=\"media\",relay=\"r0\",state=\"online\"} 1"), m.body());
        assertEquals("0", signalling.send("D mbean-call from"));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> ng(RtpproxyClient c, String cookie, Map<String, Object> request) throws Exception {
        String reply = c.raw(cookie + " " + com.rayo.rtp.protocol.Bencode.encode(request), cookie);
        assertNotNull(reply, "NG answered " + request.get("command"));
        return (Map<String, Object>) com.rayo.rtp.protocol.Bencode.decode(reply);
    }

    static int audioPort(Object sdp) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("m=audio (\\d+) ").matcher(String.valueOf(sdp));
        assertTrue(m.find(), "an audio line in " + sdp);
        return Integer.parseInt(m.group(1));
    }

    @Test void theNgProtocolIsBalancedAndPinnedTheSameWay() throws Exception {
        try (RtpproxyClient c = new RtpproxyClient(new InetSocketAddress("127.0.0.1", ngPort), 3000)) {
            assertEquals("pong", ng(c, "n1", Map.of("command", "ping")).get("result"));
            String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";
            Map<String, Object> offer = ng(c, "n2", new java.util.LinkedHashMap<>(Map.of("command", "offer", "call-id", "ng-call", "from-tag", "a1", "sdp", sdp)));
            assertEquals("ok", offer.get("result"), offer.toString());
            int relay = relayOfPort(audioPort(offer.get("sdp")));
            assertEquals(1, cluster.sessionCount());
            Map<String, Object> answer = ng(c, "n3", new java.util.LinkedHashMap<>(Map.of("command", "answer", "call-id", "ng-call", "from-tag", "a1",
                    "to-tag", "b1", "sdp", sdp.replace("5000", "6000"))));
            assertEquals("ok", answer.get("result"), answer.toString());
            assertEquals(relay, relayOfPort(audioPort(answer.get("sdp"))), "the answer went to the relay holding the call");
            Map<String, Object> stats = ng(c, "n4", Map.of("command", "statistics"));
            assertEquals("ok", stats.get("result"));
            assertEquals(3, ((Map<?, ?>) stats.get("relays")).size(), "every relay's statistics");
            assertEquals("ok", ng(c, "n5", Map.of("command", "delete", "call-id", "ng-call", "from-tag", "a1")).get("result"));
            assertEquals(0, cluster.sessionCount());
            assertEquals("error", ng(c, "n6", Map.of("command", "answer", "call-id", "nosuch", "from-tag", "x")).get("result"));
            String garbage = c.raw("n7 d7:command", "n7");
            assertTrue(garbage.contains("malformed bencode"), garbage);
            assertTrue(String.valueOf(ng(c, "n8", Map.of("command", "frobnicate")).get("error-reason")).contains("unsupported command"));
        }
    }

    /** rtpengine's media commands reach the relay that holds the call: a prompt played through the balancer arrives at the party. */
    @Test void mediaCommandsFollowTheCallsPin() throws Exception {
        Path wav = dir.resolve("tone.wav");
        com.rayo.testkit.AudioCheck.writeTone(wav, 440, 1000);
        try (RtpproxyClient c = new RtpproxyClient(new InetSocketAddress("127.0.0.1", ngPort), 3000);
             java.net.DatagramSocket a = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             java.net.DatagramSocket b = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio PORT RTP/AVP 0\r\n";
            Map<String, Object> offer = ng(c, "m1", new java.util.LinkedHashMap<>(Map.of("command", "offer", "call-id", "media-call", "from-tag", "a1",
                    "sdp", sdp.replace("PORT", Integer.toString(a.getLocalPort())))));
            Map<String, Object> answer = ng(c, "m2", new java.util.LinkedHashMap<>(Map.of("command", "answer", "call-id", "media-call", "from-tag", "a1",
                    "to-tag", "b1", "sdp", sdp.replace("PORT", Integer.toString(b.getLocalPort())))));
            assertEquals("ok", answer.get("result"), answer.toString());
            // A talks first, so the relay knows where A is.
            byte[] rtp = new byte[172];
            rtp[0] = (byte) 0x80;
            a.send(new java.net.DatagramPacket(rtp, rtp.length, java.net.InetAddress.getLoopbackAddress(), audioPort(answer.get("sdp"))));
            Map<String, Object> play = ng(c, "m3", Map.of("command", "play media", "call-id", "media-call", "from-tag", "a1", "file", wav.toString()));
            assertEquals("ok", play.get("result"), play.toString());
            assertTrue(((Number) play.get("duration")).longValue() >= 900, "one pass of the 1 s file: " + play);
            a.setSoTimeout(2000);
            java.net.DatagramPacket got = new java.net.DatagramPacket(new byte[2048], 2048);
            a.receive(got);
            assertEquals(12 + 160, got.getLength(), "A hears the prompt in 20 ms PCMU packets");
            for (String command : List.of("stop media", "block media", "unblock media", "silence media", "unsilence media", "block DTMF", "unblock DTMF")) {
                Map<String, Object> r = ng(c, "m-" + command.replace(' ', '-'), Map.of("command", command, "call-id", "media-call", "from-tag", "a1"));
                assertEquals("ok", r.get("result"), command + ": " + r);
            }
            Map<String, Object> unknownHere = ng(c, "m4", Map.of("command", "pause recording", "call-id", "media-call"));
            assertEquals("error", unknownHere.get("result"));
            assertTrue(String.valueOf(unknownHere.get("error-reason")).contains("Unrecognized"), "the relay's own answer: " + unknownHere);
            Map<String, Object> list = ng(c, "m5", Map.of("command", "list"));
            assertEquals(List.of("media-call"), list.get("calls"));
            Map<String, Object> unpinned = ng(c, "m6", Map.of("command", "play media", "call-id", "nosuch", "from-tag", "x", "file", wav.toString()));
            assertTrue(String.valueOf(unpinned.get("error-reason")).contains("unknown call-id"), unpinned.toString());
            assertEquals("ok", ng(c, "m7", Map.of("command", "delete", "call-id", "media-call", "from-tag", "a1")).get("result"));
        }
    }


    int relayOfPort(int port) {
        for (int i = 0; i < relays.size(); i++) if (relays.get(i).ownsPort(port)) return i;
        throw new AssertionError("port " + port + " belongs to no relay");
    }

    @Test void aRetransmittedRequestGetsOneSessionNotTwo() throws Exception {
        String first = signalling.send("retx-1", "Uc0 retx-call 127.0.0.1 5002 from;1");
        String again = signalling.send("retx-1", "Uc0 retx-call 127.0.0.1 5002 from;1");
        assertEquals(first, again, "the cached reply");
        Relay holder = cluster.relays().get(relayOf(first));
        assertEquals(1, cluster.sessionCount());
        assertEquals(1, holder.sessions());
        assertEquals("0", signalling.send("D retx-call from"));
    }

    @Test void garbageAndUnknownCallsGetProtocolErrorsAndNothingLeaks() throws Exception {
        assertEquals("E1", signalling.raw("lonelycookie", "lonelycookie"), "no command");
        assertEquals("E1", signalling.raw("c9 123", "c9"), "not a command letter");
        assertEquals("E8", signalling.send("Lc0 nosuchcall 127.0.0.1 6000 a;1 b;1"), "no session for that call-id");
        assertEquals("E8", signalling.send("X whatever"), "unsupported command");
        assertEquals("E1", signalling.raw("big U " + "x".repeat(5000), "big"), "oversized");
        assertNull(signalling.raw("\u0001\u0002\u0003", "\u0001"), "binary garbage: no answer");
        assertEquals("20040107", signalling.send("V"), "still serving");
        assertEquals(0, cluster.sessionCount());
    }

    @Test void adminCliListsSuspendsResumesAndDeletesGracefully() throws Exception {
        try (Socket s = new Socket("127.0.0.1", adminPort); PrintWriter out = new PrintWriter(s.getOutputStream(), true);
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream()))) {
            String ls = ask(out, in, "ls");
            assertTrue(ls.contains("Cluster: #0\n    name = media\n"), ls);
            assertTrue(ls.contains("    active members = 3\n    inactive members = 0\n"), ls);
            String detail = ask(out, in, "ls media");
            assertTrue(detail.startsWith("Active members of the cluster #0:\n    RTPproxy: #0\n        name = r0\n"), detail);
            assertTrue(detail.contains("        weight = 3\n        capacity = 1000\n        state = online\n        active sessions = 0\n        status = ACTIVE\n"), detail);
            assertEquals("OK\n", ask(out, in, "modify media suspend r2"));
            for (int i = 0; i < 30; i++) {
                String u = offer("susp-" + i);
                assertNotEquals(2, relayOf(u), "a suspended relay gets no new session");
                signalling.send("D susp-" + i + " from");
            }
            assertEquals("OK\n", ask(out, in, "modify media resume r2"));
            assertEquals("OK\n", ask(out, in, "modify media pause r2"), "rtp_cluster's code word works too");
            assertEquals("OK\n", ask(out, in, "modify media resume r2"));
            // Delete waits for the relay's sessions to end.
            String u;
            int tries = 0;
            do {
                u = offer("keep-" + tries);
                if (relayOf(u) != 1) signalling.send("D keep-" + tries + " from");
            } while (relayOf(u) != 1 && ++tries < 100);
            String held = "keep-" + tries;
            assertEquals("OK\n", ask(out, in, "modify media delete r1"));
            assertNotNull(cluster.relay("r1"), "still there while a session lasts");
            assertTrue(ask(out, in, "ls media").contains("status = DELETED"));
            assertEquals(1, relayOf(signalling.send("Lc0 " + held + " 127.0.0.1 6000 from;1 to;1")), "its session is still served");
            assertEquals("0", signalling.send("D " + held + " from"));
            assertNull(cluster.relay("r1"), "gone once its last session ended");
            assertTrue(ask(out, in, "modify media frobnicate r0").startsWith("ERROR: unknown modify operation"));
            String unknown = ask(out, in, "frobnicate");
            for (String command : List.of("ls CLUSTER", "add name=", "delete RELAY", "suspend RELAY", "pause RELAY", "resume RELAY", "quit")) {
                assertTrue(unknown.contains(command), "the unknown-command error lists " + command + ": " + unknown);
            }
            assertTrue(ask(out, in, "ls nosuch").startsWith("ERROR: no cluster named nosuch"));
            assertEquals("OK\n", ask(out, in, "modify media add name=r1,protocol=udp,address=127.0.0.1:" + relays.get(1).controlPort() + ",capacity=1000,weight=2"));
            assertNotNull(cluster.relay("r1"));
        }
    }

    static String ask(PrintWriter out, BufferedReader in, String command) throws Exception {
        out.println(command);
        StringBuilder b = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            b.append(line).append('\n');
            if (line.equals("OK") || line.startsWith("ERROR")) break;
        }
        return b.toString();
    }

    @Test void aKilledRelayIsDetectedAndNoNewSessionFailsAfterwards() throws Exception {
        Rtpengine victim = relays.get(2);
        String pinned;
        int tries = 0;
        do { // a session on the victim when it stops
            pinned = "pinned-" + tries;
            if (relayOf(offer(pinned)) != 2) signalling.send("D " + pinned + " from");
            else break;
        } while (++tries < 100);
        // kill -STOP: the port stays open, nothing answers.
        victim.signal("STOP");
        long t0 = System.nanoTime();
        try {
            awaitState(2, RelayState.OFFLINE, Duration.ofSeconds(1));
            System.out.printf("kill -STOP of a relay detected after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            try (Socket s = new Socket("127.0.0.1", adminPort); PrintWriter out = new PrintWriter(s.getOutputStream(), true);
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream()))) {
                String ls = ask(out, in, "ls");
                assertTrue(ls.contains("active members = 2\n    inactive members = 1\n"), ls);
                String detail = ask(out, in, "ls media");
                String r2 = detail.substring(detail.indexOf("name = r2"));
                assertTrue(r2.contains("state = offline\n") && r2.contains("active sessions = 0\n") && r2.contains("unreachable sessions = 1\n")
                        && r2.contains("status = OFFLINE\n"), "an offline relay is not shown active: " + r2);
            }
            assertEquals("0", signalling.send("D " + pinned + " from"), "its session is let go (deleted on the relay once it is back)");
            for (int i = 0; i < 50; i++) {
                String u = offer("stopped-" + i);
                assertNotEquals(2, relayOf(u), "the hung relay gets no new session");
                signalling.send("D stopped-" + i + " from");
            }
        } finally {
            victim.signal("CONT");
        }
        long resumed = System.nanoTime();
        awaitState(2, RelayState.ONLINE, Duration.ofSeconds(2));
        System.out.printf("a resumed relay back in use after %d ms%n", (System.nanoTime() - resumed) / 1_000_000);
    }

    @Test void killDashNineOfARelayUnderLoadFailsNoNewSessionAfterDetection() throws Exception {
        Rtpengine victim = relays.get(1);
        AtomicInteger afterDetection = new AtomicInteger(), failedAfter = new AtomicInteger();
        victim.kill();
        long t0 = System.nanoTime();
        try {
            awaitState(1, RelayState.OFFLINE, Duration.ofSeconds(1));
            System.out.printf("kill -9 of a relay detected after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            for (int i = 0; i < 100; i++) {
                String u = offer("k9-" + i);
                afterDetection.incrementAndGet();
                if (u == null || u.startsWith("E")) failedAfter.incrementAndGet();
                else signalling.send("D k9-" + i + " from");
            }
            assertEquals(0, failedAfter.get(), "no new session fails once the relay is known dead");
        } finally {
            relays.set(1, new Rtpengine(victim.controlPort(), Ports.free(), victim.portMin(), victim.portMax(), dir.resolve("rtpengine1-restarted.log"))
                    .start(Duration.ofSeconds(10)));
        }
        awaitState(1, RelayState.ONLINE, Duration.ofSeconds(2));
    }

    @Test void aNewSessionWhoseRelayDoesNotAnswerIsPlacedElsewhere() throws Exception {
        // Stop a relay and offer before the prober notices: the first attempts must fail over.
        Rtpengine victim = relays.get(0);
        AtomicInteger failed = new AtomicInteger();
        victim.signal("STOP");
        try {
            for (int i = 0; i < 20; i++) {
                String u = offer("fo-" + i);
                if (u == null || u.startsWith("E")) failed.incrementAndGet();
                else assertNotEquals(0, relayOf(u));
            }
        } finally {
            victim.signal("CONT");
        }
        assertEquals(0, failed.get(), "every new session found a relay");
        awaitState(0, RelayState.ONLINE, Duration.ofSeconds(2));
        for (int i = 0; i < 20; i++) signalling.send("D fo-" + i + " from");
    }
}
