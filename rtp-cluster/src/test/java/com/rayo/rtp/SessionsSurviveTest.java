package com.rayo.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rayo.rtp.protocol.NgClient;
import com.rayo.testkit.Ports;
import com.rayo.testkit.Rtpengine;
import com.rayo.testkit.WorkDirs;

/**
 * The balancer's pins follow the relays: a balancer killed with -9 and started again learns every
 * live call from the relays (NG {@code list}), so each call's later delete reaches its relay; a pin
 * whose call a relay no longer has (its delete was lost) stops counting against capacity.
 */
class SessionsSurviveTest {
    static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";
    Path dir;
    final List<Rtpengine> relays = new ArrayList<>();
    int ngPort;
    int adminPort;
    Path conf;

    @BeforeEach void relays() throws Exception {
        assertTrue(Rtpengine.installed(), "rtpengine is needed: apt-get install -y rtpengine-daemon (bin/rayo test installs it)");
        dir = Files.createTempDirectory("rtp-sessions-test");
        StringBuilder rs = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            Rtpengine r = new Rtpengine(Ports.free(), Ports.free(), 20000 + i * 1000, 20999 + i * 1000, dir.resolve("rtpengine" + i + ".log")).start(Duration.ofSeconds(10));
            relays.add(r);
            rs.append("{ name = r").append(i).append(", address = \"127.0.0.1:").append(r.controlPort()).append("\", ng-address = \"127.0.0.1:")
                    .append(r.ngPort()).append("\", capacity = 1000, weight = 1 }\n");
        }
        ngPort = Ports.free();
        adminPort = Ports.free();
        conf = dir.resolve("rtp-cluster.conf");
        Files.writeString(conf, "rayo.rtp-cluster { clusters = [ { name = media, control = [\"ng:127.0.0.1:" + ngPort + "\"], relays = [\n" + rs + "] } ]\n"
                + "admin = [\"tcp:127.0.0.1:" + adminPort + "\"]\nmetrics = \"\"\nreconcile-interval = 500ms }\n");
    }

    @AfterEach void stop() throws Exception {
        for (Rtpengine r : relays) r.close();
        WorkDirs.delete(dir);
    }

    static Map<String, Object> ng(NgClient c, Map<String, Object> req) throws Exception { return c.request(new LinkedHashMap<>(req)); }

    /** The calls a relay has, as it lists them. */
    static List<?> listed(Rtpengine r) throws Exception {
        try (NgClient c = new NgClient(new InetSocketAddress("127.0.0.1", r.ngPort()), 2000)) {
            return (List<?>) ng(c, Map.of("command", "list", "limit", 100000)).get("calls");
        }
    }

    Process balancerProcess() throws Exception {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m", "-Drayo.home=" + dir,
                "-cp", System.getProperty("java.class.path"), "com.rayo.rtp.RtpClusterMain", conf.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("balancer.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (NgClient c = new NgClient(new InetSocketAddress("127.0.0.1", ngPort), 300)) {
                if ("pong".equals(ng(c, Map.of("command", "ping")).get("result"))) return p;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the balancer did not answer NG pings; see " + dir.resolve("balancer.log"));
    }

    /** The balancer's pins, as its NG statistics count them. */
    long pinned() throws Exception {
        try (NgClient c = new NgClient(new InetSocketAddress("127.0.0.1", ngPort), 2000)) {
            return ((Number) ng(c, Map.of("command", "statistics")).get("sessions")).longValue();
        }
    }

    @Test void aBalancerKilledWithCallsUpLearnsThemAgainAndTheirDeletesReachTheirRelays() throws Exception {
        Process first = balancerProcess();
        try (NgClient c = new NgClient(new InetSocketAddress("127.0.0.1", ngPort), 3000)) {
            for (int i = 0; i < 50; i++) {
                assertEquals("ok", ng(c, Map.of("command", "offer", "call-id", "call-" + i, "from-tag", "a", "sdp", SDP)).get("result"));
            }
        }
        int onR0 = listed(relays.get(0)).size(), onR1 = listed(relays.get(1)).size();
        assertEquals(50, onR0 + onR1, "the relays hold the 50 calls");
        assertTrue(onR0 > 0 && onR1 > 0, "spread over both: " + onR0 + " + " + onR1);

        first.destroyForcibly().waitFor(); // kill -9: its pins are gone with it
        Process second = balancerProcess();
        try (NgClient c = new NgClient(new InetSocketAddress("127.0.0.1", ngPort), 3000)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (pinned() < 50 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(50, pinned(), "the restarted balancer pinned every live call again");
            for (int i = 0; i < 50; i++) {
                Map<String, Object> r = ng(c, Map.of("command", "delete", "call-id", "call-" + i, "from-tag", "a"));
                assertEquals("ok", r.get("result"), "call-" + i + "'s delete reached its relay: " + r);
            }
            assertEquals(0, listed(relays.get(0)).size() + listed(relays.get(1)).size(), "no session left on the relays");
            Thread.sleep(1200); // two reconciliations: nothing comes back
            assertEquals(0, pinned(), "and none in the balancer");
        } finally {
            second.destroyForcibly().waitFor();
        }
    }

    @Test void aPinWhoseCallTheRelayNoLongerHasExpires() throws Exception {
        Process balancer = balancerProcess();
        try (NgClient c = new NgClient(new InetSocketAddress("127.0.0.1", ngPort), 3000)) {
            assertEquals("ok", ng(c, Map.of("command", "offer", "call-id", "lost-delete", "from-tag", "a", "sdp", SDP)).get("result"));
            assertEquals(1, pinned());
            // The delete never reaches the balancer (lost): the relay ends the call itself.
            for (Rtpengine r : relays) {
                try (NgClient direct = new NgClient(new InetSocketAddress("127.0.0.1", r.ngPort()), 2000)) {
                    ng(direct, Map.of("command", "delete", "call-id", "lost-delete", "from-tag", "a"));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (pinned() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(0, pinned(), "the pin expired: its capacity is free again");
        } finally {
            balancer.destroyForcibly().waitFor();
        }
    }
}
